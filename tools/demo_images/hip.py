"""Hip outlines: right hemipelvis with acetabulum and the proximal femur, seen from the front.

Lateral (greater trochanter) is on the viewer's left and the pubic symphysis on the right;
the femoral head sits in the acetabulum near the centre of the image.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.demo_images.geometry import Point, Poly, arc, ellipse, moved, smooth

HEAD: Point = (-6.0, -6.0)  # centre of the femoral head
HEAD_R = 10.5  # femoral head radius
JOINT = 1.9  # normal hip joint space
NECK_AXIS = (-0.79, 0.614)  # unit vector from the head centre down the neck
NECK_HALF = 6.3  # half-width of the femoral neck
SHAFT_OFFSET = (-4.0, 3.0)  # trochanters and shaft relative to the drawn control points


@dataclass(frozen=True)
class FemurShape:
    """Variations of the proximal femur: head centre, neck length and trochanter prominence."""

    head: Point = HEAD
    neck: float = 1.0  # apparent neck length (less when externally rotated)
    lesser: float = 1.0  # lesser trochanter size (more when externally rotated)


def _neck_point(shape: FemurShape, t: float, side: float) -> Point:
    """Point `t` units down the neck axis, `side` half-widths above (+) or below (-) it."""
    hx, hy = shape.head
    ux, uy = NECK_AXIS
    t *= shape.neck
    return (hx + t * ux - side * NECK_HALF * uy, hy + t * uy + side * NECK_HALF * ux)


def femur_head(shape: FemurShape) -> Poly:
    """The femoral head as a circle."""
    return ellipse(shape.head[0], shape.head[1], HEAD_R, HEAD_R)


def femur_body(shape: FemurShape, bottom: float, stub: float = 0.0) -> Poly:
    """Neck (starting `stub` units down from the head centre), trochanters and shaft."""
    lt = shape.lesser
    dx, dy = SHAFT_OFFSET
    upper = [(-35.5, -2.5), (-31, -3.5), (-27.5, -1.0)]
    lower = [(-16.5, 13), (-15.5 + 2 * (lt - 1), 17), (-13.5 + 3 * (lt - 1), 20.5 + 1.5 * (lt - 1))]
    lower += [(-16.5, 24 + lt), (-17.5, 32)]
    return smooth(
        [
            (-33.5 + dx, bottom),
            (-34.5 + dx, 30),
            (-36 + dx, 14),
            (-37.5 + dx, 4),
            *moved(upper, dx, dy),
            _neck_point(shape, 23, 1.0),
            _neck_point(shape, stub + 4, 1.0),
            _neck_point(shape, stub, 0.0),
            _neck_point(shape, stub + 4, -1.0),
            _neck_point(shape, 21, -1.1),
            *moved(lower, dx, dy),
            (-17 + dx, bottom),
        ],
        rounds=2,
    )


def subcapital_line(shape: FemurShape) -> tuple[Point, Point]:
    """Ends of a line across the neck just below the head."""
    return _neck_point(shape, 9.5, -1.6), _neck_point(shape, 8.0, 1.6)


def socket(gap: float = JOINT) -> Poly:
    """Acetabular surface: arc around the head from the inferomedial notch to the lateral lip."""
    return arc(HEAD[0], HEAD[1], HEAD_R + gap, HEAD_R + gap, 60, -155, steps=40)


def pelvis(top: float, right: float) -> Poly:
    """Right hemipelvis: iliac wing, acetabulum, pubic rami and ischium (one outline)."""
    return [
        *smooth(
            [
                (-17, -11),
                (-21.5, -18),
                (-23.5, -24),
                (-29.5, -31),
                (-30.5, -38),
                (-26, -46),
                (-14, top),
                (14, top),
                (17.5, -44),
                (14, -34),
                (11, -22),
                (10.5, -12),
                (13, -3),
                (22, -0.5),
                (36, 0.5),
                (right, 2),
                (right, 22),
                (36, 25),
                (24, 30),
                (14, 34.5),
                (4, 33),
                (-1, 28),
                (-2.5, 20),
                (-1, 12),
            ],
            closed=False,
            rounds=2,
        ),
        *socket(),
    ]


OBTURATOR: Poly = smooth([(6, 12), (11, 6.5), (24, 6.5), (33, 9.5), (33, 16), (24, 24), (12, 27)])
TEARDROP: Poly = smooth([(6.5, -3), (5.5, 6), (8.5, 8.5), (10, 3), (9.5, -3)], closed=False)


def sourcil(gap: float = JOINT) -> Poly:
    """The dense acetabular roof line just above the joint."""
    r = HEAD_R + gap + 0.6
    return arc(HEAD[0], HEAD[1], r, r, -150, -55, steps=20)


def sacrum(top: float, right: float) -> Poly:
    """The lateral edge of the sacrum beyond the sacroiliac joint."""
    return smooth([(19, top), (right, top), (right, -30), (30, -27), (20.5, -35)], rounds=2)


def skin(top: float, bottom: float, right: float) -> Poly:
    """Outline of the hip and thigh soft tissues."""
    return smooth([(-50, top), (-54, -20), (-53, 20), (-48, bottom), (right, bottom), (right, top)])


def trochanteric_line() -> Poly:
    """The intertrochanteric crest from greater to lesser trochanter."""
    return moved(
        smooth([(-30, -1), (-26, 8), (-20, 16), (-15.5, 20.5)], closed=False), *SHAFT_OFFSET
    )
