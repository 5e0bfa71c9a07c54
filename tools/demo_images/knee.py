"""Frontal knee (AP radiograph, coronal CT): femur, tibia, fibula, patella and findings.

Drawn as a right knee seen from the front: lateral (fibula) on the viewer's left.
Joint line near y = 6; shafts run off the top and bottom edges.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Poly, jagged, moved, smooth
from tools.demo_images.layer import Layer

JOINT_GAP = 4.5  # normal tibiofemoral joint space, design units
OA_MEDIAL_GAP = 1.2  # narrowed medial joint space in osteoarthritis
PLATEAU_Y = 9.5  # level of the tibial plateau
DEPRESSION = 3.2  # how far the depressed lateral articular fragment sinks
SPLIT_SHIFT = (-2.2, 1.4)  # lateral displacement of the split wedge fragment


def _femur(c: Canvas, medial_drop: float) -> Poly:
    """Distal femur outline; `medial_drop` lowers the medial condyle (narrowed joint)."""
    top = -c.half_h - 20
    low = PLATEAU_Y - JOINT_GAP
    m = medial_drop
    return smooth(
        [
            (-11, top),
            (-11.5, -45),
            (-13, -34),
            (-17, -25),
            (-23, -17),
            (-28.5, -10),
            (-31, -4),
            (-30.5, 0.5),
            (-28, low - 0.8),
            (-21, low + 0.3),
            (-13, low - 0.2),
            (-8.5, low - 2.5),
            (-6, -4.5),
            (0, -6.5),
            (6, -4.5),
            (8.5, low - 2.5 + m * 0.5),
            (13, low + m),
            (21, low + 0.5 + m),
            (28.5, low - 0.5 + m),
            (32, 0),
            (32.5, -4.5),
            (30, -10.5),
            (24, -17.5),
            (17.5, -25),
            (13, -34),
            (11.5, -45),
            (11, top),
        ]
    )


def _tibia(c: Canvas) -> Poly:
    """Proximal tibia with plateau and tibial spines."""
    bottom = c.half_h + 20
    p = PLATEAU_Y
    return smooth(
        [
            (-31, p + 1.2),
            (-29, p - 0.5),
            (-18, p - 0.8),
            (-9.5, p - 0.4),
            (-5.5, p - 4),
            (-4, p - 5.5),
            (-2.5, p - 4.5),
            (-1.5, p - 2.3),
            (0.5, p - 2.3),
            (1.5, p - 4.5),
            (2.8, p - 5.5),
            (4.5, p - 4),
            (8.5, p - 0.2),
            (18, p + 0.3),
            (28, p - 0.3),
            (31.5, p + 1.2),
            (31, p + 4.5),
            (27, p + 10),
            (20, p + 17),
            (14.5, p + 27),
            (12, p + 40),
            (11, bottom),
            (-11, bottom),
            (-12, p + 40),
            (-14.5, p + 27),
            (-20, p + 17),
            (-26.5, p + 10),
            (-30.5, p + 4.5),
        ],
        rounds=2,
    )


def _fibula(c: Canvas) -> Poly:
    """Fibular head, neck and shaft on the lateral side."""
    bottom = c.half_h + 20
    return smooth(
        [
            (-31.5, 24),
            (-30, 18.5),
            (-24.5, 16.2),
            (-19, 19),
            (-19.5, 26),
            (-21.5, 33),
            (-21.2, bottom),
            (-26.2, bottom),
            (-26.8, 34),
            (-30, 29),
        ]
    )


def _soft_tissue(c: Canvas) -> None:
    """Thigh and leg envelope: subcutaneous fat around the muscle mass."""
    top, bottom = -c.half_h - 20, c.half_h + 20
    skin: Poly = [
        (-38, top),
        (-40, -40),
        (-42, -5),
        (-41, 20),
        (-38, 50),
        (-36, bottom),
        (36, bottom),
        (39, 50),
        (42, 20),
        (43, -5),
        (40, -40),
        (38, top),
    ]
    c.tissue(smooth(skin, rounds=2), "fat", feather=0.8)
    c.tissue(smooth([(x * 0.86, y) for x, y in skin], rounds=2), "muscle", feather=1.5)


def _osteophytes(m: float) -> tuple[list[Poly], list[Poly]]:
    """Marginal spurs (femoral, tibial) beside a medial condyle lowered by `m` units."""
    low = PLATEAU_Y - JOINT_GAP
    p = PLATEAU_Y
    femoral = [
        smooth([(29, low - 5), (34, low + m - 1), (35.5, low + m + 0.8), (27, low + m)], True, 2),
        smooth([(-29, low - 3.5), (-32.5, low + 0.2), (-27.5, low - 0.2)], True, 2),
    ]
    tibial = [
        smooth([(27, p - 0.3), (35.5, p - 2.2), (34, p + 1), (30.5, p + 5)], True, 2),
        smooth([(-29, p - 0.5), (-33.5, p - 0.8), (-30.5, p + 3.5)], True, 2),
    ]
    return femoral, tibial


def draw_frontal(c: Canvas, finding: str) -> None:
    """Frontal knee with `medial_oa`, `plateau_fracture` or no finding."""
    oa = finding == "medial_oa"
    fracture = finding == "plateau_fracture"
    _soft_tissue(c)
    medial_drop = JOINT_GAP - OA_MEDIAL_GAP if oa else 0.0
    spurs = _osteophytes(medial_drop) if oa else ([], [])
    femur = c.bone([_femur(c, medial_drop), *spurs[0]], rim=0.8)
    femur.diaphysis([(-20, -c.half_h - 20), (20, -c.half_h - 20), (20, -36), (-20, -36)], 3.2)
    scar = c.palette["marrow"] + 28
    femur.stroke(
        smooth([(-27, -9), (-10, -12.5), (0, -10), (12, -12.5), (29, -9)], False), 0.4, scar
    )
    tibia = c.bone([_tibia(c), *spurs[1]], rim=0.8)
    tibia.diaphysis([(-20, c.half_h + 20), (20, c.half_h + 20), (20, 44), (-20, 44)], 3.2)
    tibia.stroke(smooth([(-27, 19), (-8, 16.5), (8, 17), (28, 19.5)], False), 0.4, scar)
    fibula = c.bone([_fibula(c)], rim=0.7)
    fibula.diaphysis([(-40, c.half_h + 20), (-10, c.half_h + 20), (-10, 42), (-40, 42)], 1.8)
    if oa:
        _sclerosis(femur, tibia)
    pieces: list[Layer] = [femur, fibula, tibia]
    if fracture:
        pieces += _plateau_fracture(tibia)
    c.place(*pieces)
    if c.palette.additive_bone:
        outline = smooth([(-9, -27), (11, -28), (14, -14), (4, 0), (-1, 0.5), (-10, -13)])
        c.place(c.bone([outline], rim=0.6, cortex=62, marrow=34))


def _sclerosis(femur: Layer, tibia: Layer) -> None:
    """Dense subchondral bone under the worn medial compartment."""
    tibia.tint(smooth([(7, 8), (30, 8), (30, 14.5), (20, 15.5), (8, 13)]), 70, feather=1.2)
    femur.tint(smooth([(9, 2), (30, 1.5), (29, 8), (12, 8)]), 55, feather=1.2)


def _plateau_fracture(tibia: Layer) -> list[Layer]:
    """Schatzker II: lateral wedge split off and a depressed central articular fragment."""
    split = jagged([(-15.5, PLATEAU_Y - 2), (-18.5, 18), (-23, 28), (-31, 33)], 0.5, 1)
    wedge = tibia.split([*split, (-45, 40), (-45, PLATEAU_Y - 5)])
    wedge.move(*SPLIT_SHIFT, angle=-3.0, pivot=(-28, 30))
    tibia.cut(moved(split, 0.2, 0), 0.6)
    p = PLATEAU_Y
    segment: Poly = [(-16, p - 3), (-6.2, p - 3), (-6.6, p + 3.2), (-15.5, p + 3.6)]
    sunk = tibia.split(segment)
    tibia.split(moved(segment, 0, DEPRESSION))  # bone crushed beneath the fragment
    sunk.move(0.3, DEPRESSION)
    below = moved(segment, 0, DEPRESSION + 3.4)
    tibia.tint(smooth(below, True, 1), 55, feather=0.8)
    return [wedge, sunk]
