"""Lateral wrist radiograph, optionally with a dorsally displaced (Colles) radius fracture.

Fingers up; palm (volar) on the viewer's left, back of the hand (dorsal) on the right.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import (
    Point,
    Poly,
    bone_tube,
    ellipse,
    moved,
    path,
    rotated,
    smooth,
)
from tools.demo_images.layer import Layer

LATERAL_ZOOM = 1.9
COLLES_SHIFT = (2.5, 1.5)  # dorsal displacement and shortening of the distal fragment
COLLES_TILT = 16.0  # dorsal angulation of the distal fragment, degrees
COLLES_PIVOT: Point = (6.0, 5.0)
FRACTURE_Y = 5.0  # level of the distal radius fracture


def _lateral_shapes(c: Canvas) -> dict[str, Poly]:
    """Lateral wrist: radius, ulna, carpals and the superimposed metacarpals."""
    top, bottom = -c.half_h - 20, c.half_h + 20
    return {
        "radius": smooth(
            path(
                [(-6, bottom), (-6.5, 20), (-8, 5), (-8.5, -2), (-8, -4.5), (-4, -3.5), (0, -3.3)],
                [(4, -4.5), (6.2, -7), (7, -3), (6, 5), (5, 20), (5, bottom)],
            ),
            rounds=2,
        ),
        "ulna": smooth(
            path(
                [(-2, bottom), (-2.5, 10), (-2, -1), (1, -3.5), (5.5, -3), (7.5, 0)],
                [(7.5, 10), (7, bottom)],
            )
        ),
        "lunate": smooth(
            path(
                [
                    (-6.5, -5.5),
                    (-2, -3.9),
                    (2, -4.1),
                    (5.5, -6),
                    (6, -10),
                    (4.5, -13.5),
                    (2.5, -10.5),
                ],
                [(-0.5, -9.5), (-3.5, -10.5), (-6, -13.5), (-7.5, -9)],
            ),
            rounds=2,
        ),
        "capitate": smooth(
            path(
                [
                    (-3.8, -13),
                    (-2.5, -11),
                    (0, -10.3),
                    (2.5, -11.5),
                    (3.5, -15),
                    (4, -24),
                    (3, -28),
                ],
                [(-4, -28), (-5, -24), (-4.5, -16)],
            )
        ),
        "scaphoid": bone_tube([(-4.5, -7), (-6.5, -11), (-8.5, -16), (-10.5, -22)], [6.0] * 4),
        "pisiform": ellipse(-10, -12, 2.6, 3.4),
        "trapezium": ellipse(-10.5, -26, 3.2, 3.0),
        "thumb": bone_tube([(-11.5, -29), (-14, -36), (-17, -45), (-23, -62)], [8, 6, 5.5, 5.5]),
        "metacarpals": bone_tube([(-0.5, -29), (-0.2, -40), (0, -50), (1, top)], [9, 7, 6.5, 6.5]),
    }


def draw_lateral(c: Canvas, finding: str) -> None:
    """Lateral wrist; `colles` tilts and shifts the distal radius and hand dorsally."""
    c.zoom(LATERAL_ZOOM)
    top, bottom = -c.half_h - 20, c.half_h + 20
    colles = finding == "colles"
    skin: Poly = [(-13, bottom), (-13, 0), (-14, -20), (-18, -30), (-28, -55), (-24, top), (9, top)]
    skin += [(10, -25), (11, 0), (12, bottom)]
    if colles:
        skin = [_colles_point(p) if p[1] < FRACTURE_Y else p for p in skin]
    c.tissue(smooth(skin, rounds=2), "soft", feather=1.0)
    c.band([(-10.5, 14), (-10.8, 4), (-10, -2)], 1.2, "fat")
    shapes = _lateral_shapes(c)
    radius = c.bone([shapes["radius"]], rim=0.8)
    radius.diaphysis([(-20, bottom), (20, bottom), (20, 24), (-20, 24)], 2.0, feather=4)
    ulna = c.bone([shapes["ulna"]], rim=0.7, cortex=100, marrow=50)
    hand = [
        c.bone([shapes[name]], rim=0.6)
        for name in (
            "lunate",
            "capitate",
            "scaphoid",
            "pisiform",
            "trapezium",
            "thumb",
            "metacarpals",
        )
    ]
    moving: list[Layer] = list(hand)
    if colles:
        line = [
            (-9, FRACTURE_Y + 0.5),
            (-2, FRACTURE_Y - 0.5),
            (3, FRACTURE_Y + 0.6),
            (8, FRACTURE_Y - 0.3),
        ]
        distal = radius.split([(-20, line[0][1]), *line, (20, line[-1][1]), (20, -60), (-20, -60)])
        moving.append(distal)
        for layer in moving:
            layer.move(*COLLES_SHIFT, angle=COLLES_TILT, pivot=COLLES_PIVOT)
    c.place(ulna, radius, *moving)


def _colles_point(p: Point) -> Point:
    """Move a hand or wrist point with the displaced distal fragment."""
    return moved(rotated([p], COLLES_TILT, COLLES_PIVOT), *COLLES_SHIFT)[0]
