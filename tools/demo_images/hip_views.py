"""Hip images: AP radiograph (fracture, osteonecrosis, osteoarthritis) and coronal T1 MRI."""

from __future__ import annotations

from tools.demo_images import hip
from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Poly, ellipse, jagged, moved, side_of, smooth
from tools.demo_images.hip import FemurShape
from tools.demo_images.layer import Layer

FRACTURE_SHIFT = (-4.5, -6.0)  # proximal (and slightly lateral) ride of the shaft fragment
FRACTURE_TURN = 6.0  # degrees the shaft fragment swings with external rotation
OA_MIGRATION = (-1.0, -1.3)  # superolateral migration of the head into the worn roof


def _femur(c: Canvas, shape: FemurShape) -> Layer:
    """Proximal femur as one bone with a thick-walled shaft."""
    bottom = c.half_h + 20
    layer = c.bone([hip.femur_head(shape), hip.femur_body(shape, bottom)], rim=0.8)
    layer.diaphysis([(-50, bottom), (0, bottom), (0, 30), (-50, 30)], 3.4, feather=5)
    layer.stroke(hip.trochanteric_line(), 0.7, c.palette["marrow"] + 25)
    return layer


def _pelvis(c: Canvas) -> Layer:
    """Hemipelvis with obturator foramen, teardrop and acetabular roof line."""
    top, right = -c.half_h - 20, c.half_w + 20
    layer = c.bone([hip.pelvis(top, right)], rim=0.8, holes=[hip.OBTURATOR])
    layer.stroke(hip.sourcil(), 1.0)
    layer.stroke(hip.TEARDROP, 0.8)
    return layer


def draw_xray(c: Canvas, finding: str) -> None:
    """AP hip with `neck_fracture`, `osteonecrosis` or `oa`."""
    top, bottom, right = -c.half_h - 20, c.half_h + 20, c.half_w + 20
    c.tissue(hip.skin(top, bottom, right), "soft", feather=1.0)
    c.tissue(smooth([(-42, -30), (-38, 0), (-40, 30), (-44, 30), (-46, -10)]), "fat", feather=2)
    c.place(c.bone([hip.sacrum(top, right)], rim=0.8, marrow=55))
    pelvis = _pelvis(c)
    if finding == "neck_fracture":
        c.place(pelvis, *_neck_fracture(c))
        return
    if finding == "oa":
        shape = FemurShape(head=moved([hip.HEAD], *OA_MIGRATION)[0])
        femur = c.bone(
            [hip.femur_head(shape), hip.femur_body(shape, bottom), *_head_spurs()], rim=0.8
        )
        femur.diaphysis([(-50, bottom), (0, bottom), (0, 30), (-50, 30)], 3.4, feather=5)
        pelvis = c.bone([hip.pelvis(top, right), _roof_spur()], rim=0.8, holes=[hip.OBTURATOR])
        pelvis.stroke(hip.TEARDROP, 0.8)
        _oa_changes(pelvis, femur)
        c.place(pelvis, femur)
        return
    femur = _femur(c, FemurShape())
    if finding == "osteonecrosis":
        _patchy_sclerosis(femur)
    c.place(pelvis, femur)


def _neck_fracture(c: Canvas) -> list[Layer]:
    """Garden IV: head left in the socket, shaft ridden up and externally rotated."""
    bottom = c.half_h + 20
    shape = FemurShape()
    head = c.bone([hip.femur_head(shape)], rim=0.8)
    a, b = hip.subcapital_line(shape)
    head.split(side_of(a, b))  # drop the neck beyond the fracture
    head.cut(jagged([a, b], 0.4, 1), 0.7)
    rotated = FemurShape(neck=1.0, lesser=1.7)
    shaft = c.bone([hip.femur_body(rotated, bottom, stub=8.5)], rim=0.8)
    shaft.diaphysis([(-50, bottom), (0, bottom), (0, 30), (-50, 30)], 3.4, feather=5)
    shaft.move(*FRACTURE_SHIFT, angle=FRACTURE_TURN, pivot=(-25, 30))
    return [head, shaft]


def _patchy_sclerosis(femur: Layer) -> None:
    """Mottled dense and lucent patches in the femoral head; the contour stays round."""
    hx, hy = hip.HEAD
    for dx, dy, r, amount in [
        (-3, -4, 3.2, 60),
        (2, -5.5, 2.4, 50),
        (-5.5, 1, 2.6, 55),
        (3, 1.5, 2.0, 40),
        (-0.5, -1, 1.8, -30),
        (4.5, -2, 1.4, -25),
        (-2, 4, 2.2, 40),
        (-6, -4.5, 1.3, -22),
    ]:
        femur.tint(ellipse(hx + dx, hy + dy, r, r * 0.8, angle=dx * 10), amount, feather=0.9)


def _head_spurs() -> list[Poly]:
    """Osteophytes at the femoral head-neck junction (inferomedial collar and lateral)."""
    hx, hy = moved([hip.HEAD], *OA_MIGRATION)[0]
    return [
        smooth([(hx + 4, hy + 8), (hx + 7.5, hy + 10.5), (hx + 3, hy + 12.5), (hx - 2, hy + 11)]),
        smooth([(hx - 9, hy - 3), (hx - 12.5, hy + 1.5), (hx - 10, hy + 5), (hx - 8, hy + 4)]),
    ]


def _roof_spur() -> Poly:
    """Osteophyte growing laterally from the acetabular margin."""
    return smooth([(-14, -17), (-20, -15), (-23.5, -10.5), (-20, -11), (-16, -10)])


def _oa_changes(pelvis: Layer, femur: Layer) -> None:
    """Subchondral sclerosis in roof and head, with small cysts."""
    hx, hy = hip.HEAD
    pelvis.tint(smooth([(-17, -16), (-6, -21), (2, -18), (-1, -15), (-7, -17.5), (-15, -12)]), 60)
    femur.tint(ellipse(hx - 4.5, hy - 6, 5, 2.4, angle=-30), 45, feather=1.0)
    for x, y, r in [(-10, -20.5, 1.5), (-4, -21, 1.1), (hx - 2.5, hy - 5, 1.2)]:
        layer = pelvis if y < -20 else femur
        layer.tint(ellipse(x, y, r + 0.6, r + 0.6), 25, feather=0.3)
        layer.tint(ellipse(x, y, r, r), -45, feather=0.4)


def draw_mri(c: Canvas, finding: str) -> None:
    """Coronal T1 hip; `osteonecrosis` draws the serpiginous low-signal band in the head."""
    top, bottom, right = -c.half_h - 20, c.half_h + 20, c.half_w + 20
    c.tissue(hip.skin(top, bottom, right), "fat", feather=0.4)
    c.tissue(moved(hip.skin(top, bottom, right + 10), 4.5, 0), "muscle", feather=0.4)
    for plane in _fat_planes(bottom, right):
        c.band(plane, 1.4, "fat", feather=0.4)
    pelvic_fat = smooth(
        [(19, -32), (32, -42), (right, -44), (right, 8), (30, 6), (20, 2), (16, -10)]
    )
    c.tissue(pelvic_fat, "fat", feather=0.6)
    c.band(smooth([(17, -34), (13.5, -18), (13, -4), (17, 3)], False), 4.0, "muscle", 0.5)
    c.tissue(ellipse(c.half_w - 1, -14, 11, 13), "fluid", feather=0.6)
    pelvis = c.bone([hip.pelvis(top, right)], rim=0.9, holes=[hip.OBTURATOR])
    femur = c.bone([hip.femur_head(FemurShape()), hip.femur_body(FemurShape(), bottom)], rim=1.0)
    femur.diaphysis([(-50, bottom), (0, bottom), (0, 30), (-50, 30)], 3.4, feather=5)
    c.place(pelvis)
    c.tissue(hip.socket(0.95), "cartilage", feather=0.2)
    c.place(femur)
    if finding == "osteonecrosis":
        _necrosis_band(c)


def _fat_planes(bottom: float, right: float) -> list[Poly]:
    """Thin fat planes between the gluteal, iliopsoas, obturator and thigh muscles."""
    return [
        smooth([(-24, -30), (-33, -14), (-36, -4)], closed=False),
        smooth([(-28, -36), (-40, -20), (-43, 0)], closed=False),
        smooth([(-38, 4), (-39.5, 30), (-39, bottom)], closed=False),
        smooth([(-15, 24), (-8, 34), (-4, bottom)], closed=False),
        smooth([(2, 30), (14, 40), (30, 44), (right, 46)], closed=False),
        smooth([(4, 8), (18, 5), (34, 7)], closed=False),
    ]


def _necrosis_band(c: Canvas) -> None:
    """Wavy dark line convex toward the neck, fencing off a superolateral subchondral segment."""
    hx, hy = hip.HEAD
    band = smooth(
        [
            (hx - 10.2, hy - 3.2),
            (hx - 7.5, hy - 1.2),
            (hx - 4.5, hy - 0.4),
            (hx - 2, hy - 2.0),
            (hx + 1, hy - 1.2),
            (hx + 4, hy - 3.4),
            (hx + 6.2, hy - 7.0),
            (hx + 7.6, hy - 7.6),
        ],
        closed=False,
    )
    c.band(band, 1.7, "tendon", feather=0.25)
