"""AP shoulder radiograph, normal or with an anterior (subcoracoid) dislocation.

Drawn as a right shoulder from the front: humerus on the viewer's left, scapula, ribs and
lung to the right, clavicle across the top ending at the acromion.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Point, Poly, arc, ellipse, path, smooth, tube
from tools.demo_images.layer import Layer

ZOOM = 1.2
HEAD: Point = (-11.8, -6.0)  # humeral head centre
HEAD_R = 11.5
DISLOCATION = (15.8, 12.0)  # subcoracoid displacement of the humeral head
DISLOCATION_TURN = 16.0  # abduction of the dislocated shaft, degrees

CLAVICLE_LINE: Poly = smooth([(-6.5, -28.5), (6, -30), (22, -28.5), (38, -25), (62, -23)], False)
CLAVICLE_WIDTH = [6.5, 6.5, 6.0, 5.5, 5.5, 6.0, 6.5, 7.0, 7.0]
CORACOID: Poly = smooth([(4, -13), (9, -17.5), (6, -23), (-1, -24), (-5, -21.5), (0, -19)])
GLENOID: Poly = smooth(
    [(0.5, -15.5), (-1.2, -11), (-1.8, -5), (-1.5, 1), (-0.2, 5.5), (1.5, 7)], False, 2
)


def _humerus(c: Canvas) -> list[Poly]:
    """Humeral head (circle), tuberosities, surgical neck and shaft."""
    bottom = c.half_h + 20
    hx, hy = HEAD
    body = smooth(
        [
            (hx - 10, hy - 7.5),
            (hx - 13.5, hy),
            (hx - 13, hy + 10),
            (hx - 10.5, hy + 19),
            (hx - 10, bottom),
            (hx + 1.5, bottom),
            (hx + 2, hy + 22),
            (hx + 3.5, hy + 15),
            (hx + 8.5, hy + 8),
        ]
    )
    return [ellipse(hx, hy, HEAD_R, HEAD_R), body]


def _scapula(c: Canvas) -> list[Poly]:
    """Scapular body with glenoid, spine and acromion (the coracoid is separate)."""
    body = smooth(
        [
            *GLENOID[::-1],
            (2.5, -17),
            (7, -20),
            (20, -22),
            (38, -25),
            (46, -10),
            (38, 16),
            (20, 44),
            (14, 43),
            (7, 22),
            (3.5, 10),
        ],
        rounds=2,
    )
    spine = tube(smooth([(-9, -24), (16, -20), (46, -13)], False), 5.0)
    acromion = smooth([(-6, -23), (-19, -21), (-25, -22.5), (-25, -26), (-18, -28.5), (-8, -29)])
    return [body, spine, acromion]


def _ribs() -> list[Poly]:
    """Posterior ribs sweeping laterally from the spine, off to the right."""
    ribs = []
    for i in range(5):
        y = -34 + 15 * i
        line = arc(64, y + 30, 52, 34, 196 + 3 * i, 255, steps=16)
        ribs.append(tube(line, 3.6))
    return ribs


def _soft_tissue(c: Canvas) -> None:
    """Shoulder and arm, the axillary gap and the lung field."""
    top, bottom, right = -c.half_h - 20, c.half_h + 20, c.half_w + 20
    outline = smooth(
        path(
            [(-38, bottom), (-40, 0), (-36, -30), (-22, -38), (0, -40), (30, -40), (right, -44)],
            [(right, bottom), (12, bottom), (8, 30), (0, 26), (-6, bottom)],
        ),
        rounds=2,
    )
    c.tissue(outline, "soft", feather=1.2)
    lung = smooth([(14, bottom), (12, 20), (22, -14), (34, -30), (right, -36), (right, bottom)])
    c.tissue(lung, c.palette["background"] + 22, feather=2.5)
    c.tissue(smooth([(-38, top), (right, top), (right, -44), (0, -41), (-30, -36)]), "fat", 2)


def draw_xray(c: Canvas, finding: str) -> None:
    """AP shoulder: `dislocation` (anterior, subcoracoid) or `normal`."""
    c.zoom(ZOOM)
    bottom = c.half_h + 20
    _soft_tissue(c)
    c.place(*[c.bone([rib], rim=0.6, cortex=45, marrow=14) for rib in _ribs()])
    scapula = c.bone(_scapula(c), rim=0.8)
    scapula.stroke(GLENOID, 1.0)
    scapula.stroke(arc(3.5, -4, 4.5, 11, -80, 80), 0.6, c.palette["marrow"] + 30)
    clavicle = c.bone([tube(CLAVICLE_LINE, _widths(len(CLAVICLE_LINE)))], rim=0.9)
    coracoid = c.bone([CORACOID], rim=0.7, marrow=50)
    humerus = c.bone(_humerus(c), rim=0.8)
    humerus.diaphysis([(-40, bottom), (5, bottom), (5, 20), (-40, 20)], 2.6, feather=4)
    hx, hy = HEAD
    groove = c.palette["marrow"] + 18
    humerus.stroke(arc(hx, hy, HEAD_R - 1.5, HEAD_R - 1.5, 60, 200), 0.4, groove)
    if finding == "dislocation":
        humerus.move(*DISLOCATION, angle=DISLOCATION_TURN, pivot=HEAD)
    else:
        humerus.tint(ellipse(hx - 10.5, hy - 3, 2.6, 4.2, angle=20), 65, feather=0.9)
    layers: list[Layer] = [scapula, coracoid, clavicle, humerus]
    c.place(*layers)


def _widths(n: int) -> list[float]:
    """Clavicle thickness along its length: flat laterally, rounder medially."""
    return [
        CLAVICLE_WIDTH[min(len(CLAVICLE_WIDTH) - 1, i * len(CLAVICLE_WIDTH) // n)] for i in range(n)
    ]
