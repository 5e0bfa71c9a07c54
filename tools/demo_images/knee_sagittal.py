"""Side-on knee (lateral radiograph, sagittal MRI): anterior is on the viewer's left.

The knee is nearly straight; the joint line is near y = 12, the patella sits in front of
the femoral trochlea and the fibular head overlaps the back of the tibia.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Poly, ellipse, path, smooth

PLATEAU_Y = 15.0  # anterior lip of the tibial plateau
SHAFT_FRONT = -10.0  # anterior femoral cortex
SHAFT_BACK = 7.0  # posterior femoral cortex


def _femur(c: Canvas, notch: bool) -> Poly:
    """Distal femur: shaft in front, condyles bulging behind; `notch` cuts a midline slice."""
    top = -c.half_h - 20
    front: Poly = [(SHAFT_FRONT, top), (-10.5, -30), (-11.5, -18), (-13, -8), (-12.5, 0)]
    back: Poly = [(7.5, -32), (SHAFT_BACK, top)]
    if notch:
        distal: Poly = [(-10, 6.5), (-5, 4), (3, -2), (11, -8), (14, -12), (11, -20)]
    else:
        distal = [(-10.0, 6.0), (-4, 10.5), (4, 12), (11, 10.5), (17, 6), (20.5, 0), (21, -7)]
        distal += [(18, -13), (12, -17), (8.5, -24)]
    return smooth([*front, *distal, *back])


def _tibia(c: Canvas) -> Poly:
    """Proximal tibia: plateau with eminence, tibial tuberosity in front."""
    bottom = c.half_h + 20
    p = PLATEAU_Y
    return smooth(
        [
            (-11, p + 0.5),
            (-3, p),
            (0, p - 1.0),
            (2.5, p - 3.5),
            (5, p - 0.5),
            (13, p + 1),
            (19, p + 2.5),
            (19.5, p + 5),
            (15, p + 13),
            (10.5, p + 23),
            (9.5, p + 35),
            (9.5, bottom),
            (-10, bottom),
            (-10.5, p + 29),
            (-12.5, p + 19),
            (-15, p + 13),
            (-13.5, p + 7),
            (-12, p + 2),
        ],
        rounds=2,
    )


def _fibula(c: Canvas) -> Poly:
    """Fibular head and shaft, projected over the back of the tibia."""
    bottom = c.half_h + 20
    return smooth(
        [(10, 27), (13, 21.5), (18, 22), (19.5, 27), (17, 33), (16, bottom), (12, bottom), (12, 33)]
    )


PATELLA: Poly = smooth(
    path(
        [(-15, -20), (-19.5, -22.5), (-23.5, -17), (-24.5, -9), (-22.5, -1), (-19.5, 4), (-17, 1)],
        [(-15.5, -4), (-14.2, -10), (-14.2, -16)],
    ),
    rounds=2,
)


def _envelope(c: Canvas) -> Poly:
    """Skin outline: thigh above, popliteal hollow behind, calf below."""
    top, bottom = -c.half_h - 20, c.half_h + 20
    return smooth(
        [
            (-31, top),
            (-31, -35),
            (-29.5, -15),
            (-28.5, -6),
            (-26, 6),
            (-21, 20),
            (-20, 35),
            (-19, bottom),
            (30, bottom),
            (33.5, 40),
            (30, 20),
            (28.5, 8),
            (29.5, -10),
            (31.5, -30),
            (32.5, top),
        ],
        rounds=2,
    )


def _front_soft_tissue(c: Canvas, effusion: bool) -> None:
    """Quadriceps and patellar tendons, fat pads and the suprapatellar pouch."""
    top = -c.half_h - 20
    c.tissue(smooth([(-29, top), (-12, top), (-12, -55), (-20, -40), (-29, -40)]), "muscle")
    c.tissue(smooth([(-25, -58), (-11.5, -58), (-11.5, -20), (-17, -19), (-25, -22)]), "fat")
    if effusion:
        c.tissue(smooth([(-14, -48), (-11, -40), (-11, -18), (-15.5, -16), (-20.5, -26)]), "fluid")
    else:
        c.band([(-13.2, -40), (-13.5, -26), (-15, -20)], 1.4, "fluid")
    c.band([(-11.6, -50), (-11.6, -30), (-12.6, -20)], 1.2, "fat")
    c.band([(-25.5, -66), (-23.5, -40), (-20, -22)], 4.0, "tendon")
    c.tissue(smooth([(-17, 1), (-11.5, 5), (-7, 14), (-11, 17), (-16.5, 16)]), "fat")
    c.band([(-21, 2.5), (-18, 14), (-15, 27)], 3.6, "tendon")


def _back_soft_tissue(c: Canvas) -> None:
    """Popliteal fat with its vessels, and the heads of gastrocnemius below."""
    c.tissue(smooth([(19, -16), (27, -8), (27, 14), (20, 20), (16, 0)]), "fat")
    c.tissue(smooth([(21, 6), (28, 10), (31, 40), (18, 42), (16, 24)]), "muscle")


def draw_lateral(c: Canvas, finding: str) -> None:
    """Lateral radiograph; `effusion` distends the suprapatellar pouch."""
    c.tissue(_envelope(c), "soft", feather=0.8)
    _back_soft_tissue(c)
    _front_soft_tissue(c, finding == "effusion")
    femur = c.bone([_femur(c, notch=False)], rim=0.8)
    femur.diaphysis([(-30, -c.half_h - 20), (30, -c.half_h - 20), (30, -34), (-30, -34)], 3.0)
    femur.stroke(smooth([(-7, 4), (2, -2), (10, -8)], False), 0.4, 110)
    tibia = c.bone([_tibia(c)], rim=0.8)
    tibia.diaphysis([(-30, c.half_h + 20), (30, c.half_h + 20), (30, 48), (-30, 48)], 3.0)
    fibula = c.bone([_fibula(c)], rim=0.7)
    patella = c.bone([PATELLA], rim=1.0)
    c.place(femur, tibia, fibula, patella)


def draw_sagittal(c: Canvas, finding: str) -> None:
    """Fluid-sensitive sagittal MRI; `acl_tear` gives a torn ACL, bone bruises, effusion."""
    torn = finding == "acl_tear"
    c.tissue(_envelope(c), "fat", feather=0.4)
    c.tissue(smooth([(x * 0.9 + 1, y) for x, y in _envelope(c)], rounds=1), "muscle")
    _back_soft_tissue(c)
    c.tissue(ellipse(22, -4, 1.6, 1.6), "tendon")
    c.tissue(ellipse(24.5, 2, 1.3, 1.3), "tendon")
    _front_soft_tissue(c, effusion=torn)
    c.tissue(smooth([(-9, 7), (4, -1), (16, -11), (18, 18), (-2, 14)]), "soft")
    femur = c.bone([_femur(c, notch=True)], rim=1.0)
    tibia = c.bone([_tibia(c)], rim=1.0)
    patella = c.bone([PATELLA], rim=1.0)
    if torn:
        femur.tint(ellipse(-7, 0, 5.5, 4.5, angle=20), 125, feather=1.6)
        tibia.tint(ellipse(14, 19.5, 5, 3.5), 120, feather=1.4)
    c.place(femur, tibia, patella)
    _cartilage(c)
    _cruciates(c, torn)


def _cartilage(c: Canvas) -> None:
    """Articular cartilage on the trochlea, the patella and the tibial plateau."""
    c.band(smooth([(-14.3, -15), (-14.2, -5), (-12.4, 2), (-9.6, 6)], False), 1.3, "cartilage")
    c.band(smooth([(-15.6, -15), (-15.6, -8), (-17, -1)], False), 1.2, "cartilage")
    c.band(smooth([(-10, PLATEAU_Y - 0.3), (-2, PLATEAU_Y - 0.7)], False), 1.1, "cartilage")
    c.band(smooth([(6, PLATEAU_Y - 0.4), (18, PLATEAU_Y + 1.8)], False), 1.1, "cartilage")


def _cruciates(c: Canvas, torn: bool) -> None:
    """PCL as a thick dark arc; ACL intact or torn with a fluid-filled gap."""
    pcl = smooth([(-3, 5.5), (5, 2), (11, 4), (15, 10), (16.5, PLATEAU_Y + 4)], closed=False)
    femoral, tibial = (12, -7), (-2, PLATEAU_Y - 1.2)
    if not torn:
        c.band([femoral, tibial], 2.6, "tendon")
    else:
        c.tissue(ellipse(5.5, 3.5, 5.0, 3.2, angle=-52), "fluid", feather=0.8)
        stump = smooth([tibial, (1.5, 10.5), (3.5, 9.2), (4, 10.5)], False)
        c.band(stump, 2.4, "tendon")
        c.band([femoral, (10.4, -4.2), (9.8, -2.2)], 2.0, "tendon")
    c.band(pcl, 3.0, "tendon")
