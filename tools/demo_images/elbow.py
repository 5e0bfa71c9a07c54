"""Elbow radiographs: lateral of a child's elbow (supracondylar fracture) and adult AP.

Lateral: humerus from the top, elbow bent 90 degrees with the forearm pointing to the
viewer's left (anterior), olecranon behind on the right. AP: a right elbow from the
front, radius and capitellum on the viewer's left.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Poly, arc, ellipse, jagged, path, side_of, smooth
from tools.demo_images.layer import Layer

LAT_ZOOM = 1.15
SUPRACONDYLAR_SHIFT = (5.0, -1.5)  # posterior displacement of the distal fragment
SUPRACONDYLAR_TILT = -9.0  # extension of the distal fragment, degrees
FRACTURE_Y = -5.0  # level of the supracondylar fracture
FAT_PAD = 24  # gray level of the elbow fat pads, darker than the surrounding soft tissue
RADIAL_FRAGMENT_SHIFT = (-1.8, 2.2)  # displaced radial-head articular fragment


def _lateral_bones(c: Canvas) -> dict[str, Poly]:
    """Child's elbow, lateral: humeral metaphysis, capitellar nucleus, radius and ulna."""
    top, left = -c.half_h - 20, -c.half_w - 20
    notch = arc(4, 10, 6.5, 6.5, 150, -50, steps=8)
    return {
        "humerus": smooth(
            path(
                [(-1, top), (-1.5, -14), (-3.5, -4), (-4, 2), (-2.5, 5), (3, 6), (8, 5.5), (11, 3)],
                [(13, -4), (13.5, -12), (12.5, top)],
            ),
            rounds=2,
        ),
        "capitellum": ellipse(-2, 9.5, 3.6, 3.2, angle=-20),
        "radius": smooth(
            path(
                [(-7.5, 6.5), (-7, 9.5), (-7.5, 12.5), (-12, 12.3), (-16, 13.8), (-25, 14)],
                [(left, 15), (left, 9), (-25, 8.5), (-14, 7.8), (-11, 7)],
            ),
            rounds=2,
        ),
        "ulna": smooth(
            path(
                [*notch, (10, 2), (13, 0.5), (16, 3), (17, 9), (15.5, 16), (9, 21.5), (-5, 22.5)],
                [(left, 24), (left, 17.5), (-8, 17), (-2.5, 14.8)],
            ),
            rounds=2,
        ),
    }


def draw_lateral(c: Canvas, finding: str) -> None:
    """Lateral elbow; `supracondylar` displaces the distal humerus posteriorly."""
    c.zoom(LAT_ZOOM)
    top, left = -c.half_h - 20, -c.half_w - 20
    skin = smooth(
        path(
            [(-14, top), (24, top), (25, -5), (21, 5), (21.5, 16), (14, 27), (0, 29), (left, 28.5)],
            [(left, 0), (-16, -0.5), (-14, -10)],
        ),
        rounds=2,
    )
    c.tissue(skin, "soft", feather=1.0)
    fracture = finding == "supracondylar"
    if fracture:
        c.tissue(smooth([(-2.5, -15), (-10, -3), (-6, 3), (-3.5, -3)]), FAT_PAD, feather=0.5)
        c.tissue(smooth([(14.5, -21), (22, -12), (22, 1), (16.5, 0), (15.5, -10)]), FAT_PAD, 0.5)
    else:
        c.tissue(smooth([(-2.5, -8), (-5.5, -1), (-3, 3)]), FAT_PAD, feather=0.5)
    bones = _lateral_bones(c)
    humerus = c.bone([bones["humerus"]], rim=0.7)
    humerus.diaphysis([(-20, top), (30, top), (30, -16), (-20, -16)], 2.2, feather=4)
    humerus.tint(ellipse(5, -3, 3.2, 5.5, angle=-15), -30, feather=1.0)
    capitellum = c.bone([bones["capitellum"]], rim=0.6)
    radius = c.bone([bones["radius"]], rim=0.7)
    ulna = c.bone([bones["ulna"]], rim=0.7)
    distal: list[Layer] = [capitellum, radius, ulna]
    if fracture:
        line = jagged([(-5, FRACTURE_Y + 1.5), (4, FRACTURE_Y - 1), (16, FRACTURE_Y - 3)], 0.5, 1)
        fragment = humerus.split(side_of(line[-1], line[0]))
        distal.append(fragment)
        for layer in distal:
            layer.move(*SUPRACONDYLAR_SHIFT, angle=SUPRACONDYLAR_TILT, pivot=(6, FRACTURE_Y))
    c.place(humerus, *distal)


def _ap_bones(c: Canvas) -> dict[str, Poly]:
    """Adult elbow, AP: distal humerus with epicondyles, radius and ulna."""
    top, bottom = -c.half_h - 20, c.half_h + 20
    return {
        "humerus": smooth(
            path(
                [(-8, top), (-8.5, -20), (-12, -10), (-17.5, -3), (-20.5, 1), (-18.5, 5)],
                [(-16.5, 9), (-13, 11.2), (-8, 11.3), (-5, 9.8), (-2.5, 11.5), (1.5, 12.3)],
                [(4, 11.3), (7, 12.8), (10.5, 13.6), (13.5, 10), (17, 5), (22.5, 1)],
                [(22.5, -2.5), (16, -8), (10, -16), (8, -22), (8, top)],
            ),
            rounds=2,
        ),
        "radius": smooth(
            path(
                [(-16.5, 13.2), (-11, 12.6), (-5, 13.2), (-5, 17.5), (-8, 18.5), (-8.2, 24)],
                [(-6.5, 27.5), (-7.5, 32), (-8, bottom), (-16, bottom), (-14.5, 32)],
                [(-13.5, 24), (-13.5, 18.5), (-16.5, 17.5)],
            ),
            rounds=2,
        ),
        "ulna": smooth(
            path(
                [(-4.5, 13.5), (-3, 10), (1, 6.5), (4, 3), (8, 4), (11.5, 8.5), (13, 13)],
                [(11, 20), (8.5, 30), (7.5, 45), (7.5, bottom), (0, bottom), (-0.5, 45)],
                [(-2, 30), (-4, 21), (-4.6, 17.5)],
            ),
            rounds=2,
        ),
    }


RADIAL_FRAGMENT: Poly = [(-11.8, 11), (-12.5, 14.5), (-13.2, 18.6), (-22, 18.6), (-22, 11)]


def draw_ap(c: Canvas, finding: str) -> None:
    """AP elbow; `radial_head` adds a Mason II fracture with a displaced fragment."""
    top, bottom = -c.half_h - 20, c.half_h + 20
    skin = smooth([(-22, top), (-30, 0), (-26, 30), (-24, bottom), (22, bottom), (30, 4)])
    c.tissue([*skin, (24, top)], "soft", feather=1.0)
    bones = _ap_bones(c)
    humerus = c.bone([bones["humerus"]], rim=0.8)
    humerus.diaphysis([(-30, top), (30, top), (30, -24), (-30, -24)], 2.8, feather=5)
    humerus.tint(ellipse(1.5, -1, 6, 5), -30, feather=1.2)
    ulna = c.bone([bones["ulna"]], rim=0.8)
    ulna.diaphysis([(-20, bottom), (20, bottom), (20, 40), (-20, 40)], 2.0, feather=5)
    radius = c.bone([bones["radius"]], rim=0.8)
    radius.diaphysis([(-30, bottom), (0, bottom), (0, 40), (-30, 40)], 2.0, feather=5)
    layers: list[Layer] = [humerus, ulna, radius]
    if finding == "radial_head":
        fragment = radius.split(RADIAL_FRAGMENT)
        fragment.move(*RADIAL_FRAGMENT_SHIFT, angle=-16.0, pivot=(-15, 17))
        radius.cut(jagged(RADIAL_FRAGMENT[:3], 0.3, 0), 0.35)
        layers.append(fragment)
    c.place(*layers)
