"""PA wrist radiograph in ulnar deviation, optionally with a scaphoid waist fracture.

A right wrist seen from the back of the hand, fingers up: radius and thumb on the
viewer's left, ulna on the right; the carpus is turned towards the ulna.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import (
    Point,
    Poly,
    bone_tube,
    ellipse,
    lerp,
    moved,
    path,
    rotated,
    smooth,
    tube,
)

PA_ZOOM = 1.35
CARPAL_GROWTH = 1.1  # widen smoothed carpal outlines so the joint spaces stay narrow
ULNAR_DEVIATION = 8.0  # degrees the hand is turned towards the ulna on the PA view
WRIST_CENTRE: Point = (-10.0, 2.0)  # centre of rotation of the carpus (PA view)
HAND_SEAT = (0.0, 0.8)  # closes the radiocarpal gap left by the rotation


def _pa_forearm(c: Canvas) -> dict[str, Poly]:
    """Distal radius with styloid and sigmoid notch; ulna with head and styloid."""
    bottom = c.half_h + 20
    return {
        "radius": smooth(
            path(
                [(-16, bottom), (-17, 30), (-19.5, 15), (-21.5, 5), (-22, -1), (-21, -3.5)],
                [(-17, -1.5), (-12, 0.2), (-6, 1.3), (-1.2, 2.2), (-0.8, 6), (-2, 10), (-3, 20)],
                [(-3.5, bottom)],
            ),
            rounds=2,
        ),
        "ulna": smooth(
            path(
                [
                    (1, bottom),
                    (0.5, 25),
                    (1, 12),
                    (0.5, 7),
                    (1.2, 4),
                    (5, 2.7),
                    (8, 3),
                    (9.5, -0.8),
                ],
                [(10.5, 1.5), (10.5, 8), (9, 14), (9.5, 25), (10, bottom)],
            ),
            rounds=2,
        ),
    }


def _pa_hand(c: Canvas) -> list[Poly]:
    """Carpal bones (proximal and distal rows) and metacarpal bases, before deviation."""
    top = -c.half_h - 30
    mc = [8.0, 6.5, 5.5, 5.5, 6.0]
    return [
        smooth(
            path(
                [(-9.5, -0.5), (-5, 0.8), (-0.8, 0.5), (0.5, -3), (-0.5, -8), (-4.5, -8.6)],
                [(-9, -8), (-10.5, -4)],
            )
        ),  # lunate
        smooth([(0.8, -3.5), (2, -1), (6, -1.5), (8.5, -4), (8, -8), (4, -10), (1, -8)]),
        ellipse(5.5, -6.5, 3.0, 3.2),  # pisiform
        smooth(
            path(
                [(-8.5, -10.5), (-5, -9.2), (-1, -10.5), (0, -15), (-0.5, -23), (-8.5, -23.5)],
                [(-9, -16)],
            )
        ),  # capitate
        smooth(
            path(
                [(0.9, -12), (3, -10.6), (7.5, -10.5), (9.5, -14), (8.5, -21), (1, -22)],
                [(0.8, -16)],
            )
        ),  # hamate
        smooth([(-15, -15), (-10, -13.5), (-9.7, -23), (-15.5, -23)], rounds=2),  # trapezoid
        smooth([(-22, -17), (-16.3, -16), (-16, -24), (-21, -26), (-24, -22)]),  # trapezium
        bone_tube([(-21.5, -26), (-25, -33), (-29, -41), (-33, -49), (-36, -56)], mc),
        bone_tube([(-13, -24), (-13.6, -35), (-14.4, -48), (-15, -60), (-16, top)], mc),
        bone_tube([(-5, -24.5), (-5.1, -36), (-5.1, -50), (-5, -62), (-5, top)], mc),
        bone_tube([(2.5, -23), (3.2, -34), (4, -47), (5, -60), (6, top)], mc),
        bone_tube([(9, -21.5), (10.5, -32), (12, -44), (14, -56), (16, top)], mc),
    ]


def _deviated(poly: Poly) -> Poly:
    """Turn a hand outline into ulnar deviation and seat it on the radius."""
    return moved(rotated(poly, ULNAR_DEVIATION, WRIST_CENTRE), *HAND_SEAT)


def _grown(poly: Poly, factor: float = CARPAL_GROWTH) -> Poly:
    """Enlarge an outline about its centroid (smoothing shrinks the control polygon)."""
    cx = sum(x for x, _ in poly) / len(poly)
    cy = sum(y for _, y in poly) / len(poly)
    return [(cx + (x - cx) * factor, cy + (y - cy) * factor) for x, y in poly]


def _scaphoid() -> tuple[Poly, Poly]:
    """Scaphoid outline from the radius to the trapezium, and a line across its waist."""
    proximal, distal = (-14.3, -3.0), (-21.0, -15.5)
    axis = [lerp(proximal, distal, t / 4) for t in range(5)]
    outline = smooth(tube(axis, [7.0, 7.4, 5.8, 7.0, 6.5]), rounds=2)
    mid = lerp(proximal, distal, 0.5)
    waist = [moved([mid], -4.3, -2.5)[0], moved([mid], 4.3, 2.5)[0]]
    return outline, waist


def draw_pa(c: Canvas, finding: str) -> None:
    """PA wrist in ulnar deviation; `scaphoid_waist` adds a lucent line across the scaphoid."""
    c.zoom(PA_ZOOM)
    top, bottom = -c.half_h - 20, c.half_h + 20
    skin = smooth(
        path(
            [
                (-25, bottom),
                (-25.5, 10),
                (-28, -15),
                (-33, -28),
                (-45, -55),
                (-36, -64),
                (-24, -46),
            ],
            [(-22, top), (24, top), (18, -25), (15, 0), (16, bottom)],
        ),
        rounds=2,
    )
    c.tissue(rotated(skin, ULNAR_DEVIATION * 0.5, WRIST_CENTRE), "soft", feather=1.0)
    forearm = _pa_forearm(c)
    radius = c.bone([forearm["radius"]], rim=0.8)
    radius.diaphysis([(-30, bottom), (0, bottom), (0, 28), (-30, 28)], 2.2, feather=4)
    ulna = c.bone([forearm["ulna"]], rim=0.8)
    ulna.diaphysis([(-2, bottom), (20, bottom), (20, 24), (-2, 24)], 1.8, feather=4)
    hand = [_deviated(_grown(poly)) for poly in _pa_hand(c)]
    bones = [c.bone([poly], rim=0.6) for poly in hand]
    outline, waist = _scaphoid()
    outline, waist = _deviated(_grown(outline, 1.12)), _deviated(waist)
    scaphoid = c.bone([outline], rim=0.6)
    if finding == "scaphoid_waist":
        scaphoid.cut(waist, 0.7)
    c.place(radius, ulna, scaphoid, *bones)
