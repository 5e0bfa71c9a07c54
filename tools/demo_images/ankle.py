"""Ankle: mortise radiograph (Weber B fibula fracture) and sagittal T2 MRI (Achilles rupture).

The mortise view is a right ankle from the front (fibula on the viewer's left); the
sagittal MRI has the toes to the left and the heel to the right.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Poly, ellipse, jagged, path, side_of, smooth, tube

PLAFOND_Y = -4.0  # tibial articular surface on the mortise view
MORTISE_ZOOM = 1.3
FRAGMENT_SHIFT = (-1.3, 1.1)  # lateral and distal shift of the malleolar fragment
RUPTURE_Y = (-2.0, 7.0)  # Achilles gap, about 5 cm above the insertion at y = 31


def _mortise_bones(c: Canvas) -> dict[str, Poly]:
    """Tibia with medial malleolus, fibula with lateral malleolus, talus and calcaneus."""
    top = -c.half_h - 20
    p = PLAFOND_Y
    return {
        "tibia": smooth(
            path(
                [(-8, top), (-8.5, -22), (-11, -8), (-13, p - 0.5), (-8, p - 0.5), (4, p - 0.9)],
                [(10.8, p - 0.3), (12, p + 5), (12.6, p + 11), (15, p + 14.5), (18.5, p + 11)],
                [(19.5, p + 2), (19, -6), (16, -20), (14, top)],
            ),
            rounds=2,
        ),
        "fibula": smooth(
            path(
                [(-19, top), (-19.5, -20), (-22, -4), (-23.5, 10), (-22.5, 19), (-18.5, 23)],
                [(-15.5, 19), (-14.5, 9), (-13.2, p - 1), (-12.8, -6), (-13.5, -20), (-14, top)],
            ),
            rounds=2,
        ),
        "talus": smooth(
            path(
                [(-12, p + 8), (-11.2, p + 3.6), (-7, p + 2.0), (0, p + 1.3), (6, p + 1.6)],
                [(9.6, p + 2.6)],
                [(10.6, p + 5), (10.8, p + 12), (8, p + 17.5), (0, p + 19), (-7, p + 19.5)],
                [(-13.5, p + 17.5), (-15, p + 15), (-12.8, p + 13)],
            ),
            rounds=2,
        ),
        "calcaneus": smooth(
            path(
                [(-16, p + 21), (-8, p + 17.5), (6, p + 17), (13, p + 19.5), (17.5, p + 21)],
                [(16, p + 25.5), (13, p + 34), (1, p + 44), (-13, p + 41), (-18, p + 29)],
            ),
            rounds=2,
        ),
    }


def draw_mortise(c: Canvas, finding: str) -> None:
    """Mortise view; `weber_b` adds an oblique fibula fracture at the syndesmosis."""
    c.zoom(MORTISE_ZOOM)
    top, bottom = -c.half_h - 20, c.half_h + 20
    skin = smooth(
        path(
            [(-29, top), (-30, -10), (-31, 20), (-30, 45), (-28, bottom), (29, bottom), (30, 45)],
            [(29, 20), (28.5, -10), (28, top)],
        ),
        rounds=2,
    )
    c.tissue(skin, "soft", feather=1.0)
    bones = _mortise_bones(c)
    calcaneus = c.bone([bones["calcaneus"]], rim=0.7, cortex=80, marrow=38)
    talus = c.bone([bones["talus"]], rim=0.8)
    tibia = c.bone([bones["tibia"]], rim=0.8)
    tibia.diaphysis([(-30, top), (30, top), (30, -30), (-30, -30)], 2.8, feather=5)
    scar = smooth([(-10, -12), (2, -9.5), (18, -11)], False)
    tibia.stroke(scar, 0.4, c.palette["marrow"] + 25)
    fibula = c.bone([bones["fibula"]], rim=0.7)
    fibula.diaphysis([(-30, top), (0, top), (0, -24), (-30, -24)], 1.8, feather=4)
    c.place(calcaneus, talus, tibia)
    if finding == "weber_b":
        p = PLAFOND_Y
        line = jagged([(-13.2, p + 1), (-16, p - 4), (-20, p - 8), (-23, p - 12)], 0.4, 0)
        lower = fibula.split(side_of(line[0], line[-1]))
        lower.move(*FRAGMENT_SHIFT, angle=-2.0, pivot=(-18, 20))
        fibula.cut(line, 0.5)
        c.place(lower)
    c.place(fibula)


def _sagittal(c: Canvas) -> dict[str, Poly]:
    """Outlines of the sagittal slice through the Achilles tendon and hindfoot."""
    top, left = -c.half_h - 20, -c.half_w - 20
    return {
        "skin": smooth(
            path(
                [(-16, top), (-17, 0), (-21, 10), (-34, 11), (left, 20), (left, 51), (10, 52)],
                [(27, 50), (31, 40), (30, 20), (27, -10), (29, top)],
            ),
            rounds=2,
        ),
        "posterior_muscle": smooth([(2, top), (27, top), (24, -22), (18, -6), (8, -4), (6, -20)]),
        "kager_fat": smooth([(9, -6), (19, -10), (22, 8), (22, 26), (14, 27), (10, 12)]),
        "anterior_fat": smooth([(-16, -20), (-11, -20), (-12, 14), (-20, 18), (-17, 0)]),
        "heel_pad": smooth([(-6, 44), (20, 39), (27, 44), (26, 50), (0, 51)]),
        "tibia": smooth(
            path(
                [(-11, top), (-11.5, -8), (-12.5, 5), (-12.8, 8.5), (-11, 10), (-7, 8.6), (-2, 8)],
                [(3, 8.2), (7.5, 9.4), (10, 11.5), (10.5, 7), (8.8, -4), (7.5, top)],
            ),
            rounds=2,
        ),
        "talus": smooth(
            path(
                [
                    (-11, 12.5),
                    (-7, 10.2),
                    (-2, 9.5),
                    (3, 9.6),
                    (7.5, 10.8),
                    (10, 13.5),
                    (11.5, 17.5),
                ],
                [(10, 20), (7, 20.5), (3, 19.8), (-1, 21), (-4, 23.5), (-9, 22.5), (-14, 22.5)],
                [(-18, 25), (-22, 24.5), (-24.5, 21), (-23.5, 16.5), (-20, 14.5), (-15, 15)],
                [(-12.5, 14)],
            ),
            rounds=2,
        ),
        "calcaneus": smooth(
            path(
                [(-19, 31), (-14, 28.5), (-9, 27.5), (-5, 28.5), (-1, 23.5), (3, 22), (8, 21.5)],
                [(11, 22.5), (15, 26), (19, 25.5), (23, 26.5), (25.5, 30), (25.5, 35), (23, 40)],
                [(18, 42.5), (10, 41.5), (0, 41), (-10, 40), (-16, 38.5), (-20, 35)],
            ),
            rounds=2,
        ),
        "navicular": smooth(
            path(
                [(-24.5, 15.5), (-28.5, 15), (-31, 19.5), (-30.5, 26.5), (-27, 28), (-25, 25.5)],
                [(-26, 20.5)],
            ),
            rounds=2,
        ),
        "cuboid": smooth([(-20.5, 31), (-25, 29.5), (-31, 31), (-33, 38), (-29, 42), (-20, 39)]),
        "cuneiform": smooth([(-31.5, 16), (-40, 16.5), (-41, 28), (-31.5, 28)], rounds=2),
        "metatarsal": tube(smooth([(-41.5, 22), (-60, 27), (-80, 32)], False), 7.0),
    }


def draw_sagittal(c: Canvas, finding: str) -> None:
    """Sagittal T2 hindfoot; `achilles_rupture` leaves a fluid-filled gap in the tendon."""
    shapes = _sagittal(c)
    c.tissue(shapes["skin"], "fat", feather=0.4)
    c.tissue(smooth([(x * 0.93 + 0.5, y) for x, y in shapes["skin"]], rounds=1), "muscle")
    for name in ("kager_fat", "anterior_fat", "heel_pad"):
        c.tissue(shapes[name], "fat", feather=0.5)
    c.tissue(shapes["posterior_muscle"], "muscle", feather=0.5)
    names = ("tibia", "talus", "calcaneus", "navicular", "cuboid", "cuneiform", "metatarsal")
    c.place(*[c.bone([shapes[name]], rim=0.8) for name in names])
    extensor = smooth([(-14, -40), (-15.5, 0), (-20, 9), (-34, 12.5), (-70, 21)], False)
    c.band(extensor, 1.6, "tendon")
    c.band(smooth([(-10, 44), (-30, 46.5), (-60, 47.5)], False), 1.4, "tendon")
    _achilles(c, finding == "achilles_rupture")


def _achilles(c: Canvas, ruptured: bool) -> None:
    """The tendon from the calf to the calcaneal tuberosity, intact or torn with a gap."""
    top = -c.half_h - 20
    lo, hi = RUPTURE_Y
    if not ruptured:
        c.band([(23.5, top), (23.5, -20), (24.5, 10), (24.5, 31)], 3.0, "tendon")
        return
    c.tissue(ellipse(24.5, (lo + hi) / 2, 5.5, 12), 200, feather=3)
    c.tissue(ellipse(24, (lo + hi) / 2, 3.0, (hi - lo) / 2 + 1.5), "fluid", feather=0.6)
    upper = smooth([(23.5, top), (23.5, -20), (24.2, lo - 1), (23.2, lo + 0.5)], False)
    lower = smooth([(24.8, hi + 0.5), (24, hi + 2), (24.5, 18), (24.5, 31)], False)
    c.band(upper, 3.4, "tendon")
    c.band(lower, 3.4, "tendon")
    c.tissue(ellipse(24.0, lo - 0.6, 2.4, 1.8), "tendon")
    c.tissue(ellipse(24.6, hi + 1.0, 2.4, 1.8), "tendon")
