"""Spine images: lateral thoracolumbar radiograph (L1 wedge) and sagittal T2 MRI (L4-L5 disc)."""

from __future__ import annotations

from itertools import pairwise

from tools.demo_images import spine
from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Poly, ellipse, moved, smooth, tube
from tools.demo_images.spine import Vertebra

L1_FRONT = 0.55  # anterior height of the compressed L1 body relative to its posterior wall
OSTEOPENIC_MARROW = 46  # X-ray marrow density of osteoporotic bone
OSTEOPENIC_CORTEX = 125
XRAY_ZOOM = 1.25
EXTRUSION = 6.5  # how far the L4-L5 disc pushes back into the canal
CANAL = 8.0  # depth of the spinal canal behind the bodies


def _xray_column(c: Canvas) -> list[Vertebra]:
    """T10 to L4, gently kyphotic at the junction."""
    levels = [
        ("T10", 16.0, 11.5, 6.0),
        ("T11", 16.5, 12.0, 4.0),
        ("T12", 17.0, 12.5, 2.0),
        ("L1", 18.0, 13.0, 0.0),
        ("L2", 18.5, 13.5, -2.0),
        ("L3", 19.0, 14.0, -4.0),
        ("L4", 19.5, 14.0, -7.0),
        ("L5", 20.0, 14.0, -11.0),
    ]
    return spine.column((-9.0, -c.half_h + 2), levels, [3.4, 3.6, 3.8, 4.2, 4.6, 5.0, 5.2])


def draw_xray(c: Canvas, finding: str) -> None:
    """Lateral thoracolumbar radiograph; `wedge_l1` compresses L1 in front, bones osteopenic."""
    c.zoom(XRAY_ZOOM)
    top, bottom = -c.half_h - 20, c.half_h + 20
    c.tissue(
        smooth([(-80, top), (36, top), (38, 0), (37, bottom), (-80, bottom)], rounds=2), "soft", 1.5
    )
    c.tissue(
        smooth([(-80, top), (-20, top), (-22, -30), (-40, -12), (-80, -8)]),
        c.palette["background"] + 26,
        3,
    )
    c.tissue(smooth([(30, top), (36, top), (37, bottom), (31, bottom)]), "fat", 1.2)
    column = _xray_column(c)
    wedge = finding == "wedge_l1"
    if wedge:
        column = spine.wedged(column, "L1", L1_FRONT)
    marrow, cortex = (OSTEOPENIC_MARROW, OSTEOPENIC_CORTEX) if wedge else (None, None)
    for i, v in enumerate(column[:3]):
        rib = smooth(
            [v.back(-2), moved([v.back(-2)], 12, 4 + i)[0], moved([v.back(-2)], 30, 12 + 2 * i)[0]],
            False,
        )
        c.place(c.bone([tube(rib, 3.2)], rim=0.5, cortex=55, marrow=22))
    for v in column:
        body = c.bone([v.body()], rim=0.7, cortex=cortex, marrow=marrow)
        if wedge and v.name == "L1":
            w, h = v.width / 2, v.height / 2
            body.tint(
                v.place(smooth([(-w, -h + 4.5), (w, -h + 0.2), (w, -h + 2.2), (-w, -h + 7.5)])),
                45,
                0.8,
            )
        arch = c.bone([v.arch(midline=False)], rim=0.6, cortex=cortex, marrow=marrow)
        c.place(body, arch)


def _mri_column(c: Canvas) -> list[Vertebra]:
    """T12 to S2 with lumbar lordosis; the sacrum is drawn as tilted segments."""
    levels = [
        ("T12", 17.0, 12.5, 10.0),
        ("L1", 18.0, 13.0, 8.0),
        ("L2", 18.5, 13.5, 5.0),
        ("L3", 19.0, 14.0, 1.0),
        ("L4", 19.5, 14.0, -5.0),
        ("L5", 20.0, 13.5, -14.0),
        ("S1", 19.0, 12.0, -30.0),
        ("S2", 16.0, 10.0, -40.0),
    ]
    gaps = [4.0, 4.4, 4.8, 5.0, 2.8, 4.4, 1.2]
    return spine.column((-8.0, -c.half_h + 4), levels, gaps)


def draw_mri(c: Canvas, finding: str) -> None:
    """Sagittal T2 lumbar spine; `disc_extrusion` dries and extrudes the L4-L5 disc."""
    top, bottom = -c.half_h - 20, c.half_h + 20
    column = _mri_column(c)
    c.tissue(
        smooth([(-80, top), (38, top), (40, 0), (36, bottom), (-80, bottom)], rounds=2), "fat", 0.5
    )
    c.tissue(
        smooth([(-80, top), (32, top), (34, 0), (30, bottom), (-80, bottom)], rounds=2), "soft", 1.0
    )
    c.tissue(smooth([(12, top), (33, top), (34, 0), (30, bottom), (12, bottom)]), "muscle", 0.6)
    front = [v.front_wall(0) for v in column[:6]]
    c.band(moved(front, -1.2, 0), 2.4, "fat", 0.4)
    c.band(moved(front, -5.0, 0), 5.0, "tendon", 0.6)
    canal = [moved([v.back(0)], CANAL / 2 + 0.2, 0)[0] for v in column[:7]]
    c.tissue(tube(canal, CANAL), "fluid", 0.4)
    cord = smooth(
        [
            moved([column[0].back(-12)], CANAL / 2, 0)[0],
            moved([column[1].back(2)], CANAL / 2, 0)[0],
        ],
        False,
    )
    c.tissue(tube(cord, [3.4] * (len(cord) - 4) + [2.6, 1.8, 1.0, 0.4]), "cord", 0.3)
    for offset in (-1.8, 0.0, 1.8):
        roots = [moved([p], offset, 0)[0] for p in canal[1:7]]
        c.band(roots, 0.35, c.palette["cord"], 0.2)
    extrude = finding == "disc_extrusion"
    for upper, lower in pairwise(column):
        level = f"{upper.name}-{lower.name}"
        bad = extrude and level == "L4-L5"
        outline = spine.disc(upper, lower, bulge=EXTRUSION if bad else 0.6)
        c.tissue(outline, "cartilage" if not bad else 52, 0.3)
        if not bad:
            c.tissue(_nucleus(outline), "disc", 0.8)
        elif extrude:
            c.tissue(
                ellipse(*moved([upper.back(upper.height / 2)], 4.5, -1.5)[0], 3.6, 4.6), 60, 0.4
            )
    for v in column:
        c.place(c.bone([v.body()], rim=0.5))
        if v.name[0] != "S":
            c.place(c.bone([v.arch(midline=True)], rim=0.5))
            c.band(
                [
                    moved([v.back(v.height / 2)], CANAL + 0.6, 0)[0],
                    moved([v.back(-v.height / 2)], CANAL + 0.6, 0)[0],
                ],
                1.4,
                "tendon",
                0.3,
            )


def _nucleus(outline: Poly) -> Poly:
    """The bright hydrated centre of a disc: its outline shrunk towards the middle."""
    cx = sum(x for x, _ in outline) / len(outline)
    cy = sum(y for _, y in outline) / len(outline)
    return [(cx + (x - cx) * 0.7, cy + (y - cy) * 0.45) for x, y in outline]
