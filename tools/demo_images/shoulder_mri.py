"""Coronal oblique T2 shoulder MRI: humeral head, glenoid, acromion and the rotator cuff.

Drawn as a right shoulder seen from the front: deltoid and greater tuberosity on the
viewer's left, scapula and supraspinatus muscle running off to the right.
"""

from __future__ import annotations

from tools.demo_images.canvas import Canvas
from tools.demo_images.geometry import Point, Poly, arc, ellipse, path, smooth

HEAD: Point = (-10.0, 6.0)
HEAD_R = 15.0
TENDON_GAP = 2.2  # tendon centre line above the articular surface
TEAR = (-89.0, -148.0)  # angular extent of the fluid-filled gap, degrees round the head
STUMP_END = -88.0  # where the retracted tendon stump ends


def _outlines(c: Canvas) -> dict[str, Poly]:
    """Soft-tissue and bone outlines of the slice."""
    bottom, right = c.half_h + 20, c.half_w + 20
    hx, hy = HEAD
    return {
        "skin": smooth(
            [(-43, bottom), (-44, 0), (-36, -26), (-16, -38), (right, -44), (right, bottom)]
        ),
        "deltoid": smooth(
            path(
                [(-40, bottom), (-41, 0), (-34, -24), (-18, -31), (-10, -26), (-24, -19), (-31, 2)],
                [(-28, 24), (-26, bottom)],
            )
        ),
        "trapezius": smooth([(-8, -33), (right, -40), (right, -30), (10, -29)]),
        "supraspinatus": smooth(
            [(1, -14), (14, -21), (right, -23), (right, -6), (16, -5), (7, -8)]
        ),
        "subscapularis": smooth([(12, 22), (right, 16), (right, bottom), (18, bottom)]),
        "acromion": smooth(
            [(-25, -20), (-16, -24), (4, -25), (9, -22), (6, -18), (-8, -18.5), (-22, -16)]
        ),
        "clavicle": smooth([(13, -24), (right, -30), (right, -21), (14, -18)]),
        "scapula": smooth(
            path(
                [
                    (7.5, -8),
                    (12, -9),
                    (22, -5),
                    (right, -3),
                    (right, 13),
                    (22, 14),
                    (12, 20),
                    (7.5, 19),
                ],
                [(5.8, 14), (5.2, 6), (5.8, -2)],
            )
        ),
        "head": [(hx, hy)],
        "humerus": smooth(
            path(
                [(hx - 12, hy - 9), (hx - 16.5, hy), (hx - 15, hy + 12), (hx - 12, hy + 22)],
                [(hx - 11.5, bottom), (hx + 3, bottom), (hx + 4, hy + 20), (hx + 9, hy + 11)],
            )
        ),
    }


def draw_mri(c: Canvas, finding: str) -> None:
    """Coronal oblique shoulder; `cuff_tear` opens a fluid gap with a retracted stump."""
    shapes = _outlines(c)
    torn = finding == "cuff_tear"
    c.tissue(shapes["skin"], "fat", feather=0.4)
    for name in ("deltoid", "trapezius", "supraspinatus", "subscapularis"):
        c.tissue(shapes[name], "muscle", feather=0.4)
    hx, hy = HEAD
    c.tissue(
        smooth([(-20, 26), (6, 20), (12, 24), (14, c.half_h + 20), (-10, c.half_h + 20)]), "muscle"
    )
    c.tissue(ellipse(hx - 2, hy + 19, 9, 3.2, angle=-20), "fat", feather=0.6)
    bones = [c.bone([shapes[name]], rim=0.8) for name in ("acromion", "clavicle", "scapula")]
    c.place(*bones)
    c.band(arc(hx, hy, HEAD_R + 0.8, HEAD_R + 0.8, -40, 45), 1.6, "cartilage", 0.2)
    c.tissue(smooth([(5, -9), (8.5, -7), (6.5, -3)]), "tendon", feather=0.2)
    c.tissue(smooth([(5, 19.5), (8.5, 18), (6, 14)]), "tendon", feather=0.2)
    head = c.bone([ellipse(hx, hy, HEAD_R, HEAD_R), shapes["humerus"]], rim=0.8)
    if torn:
        head.tint(ellipse(hx - 13, hy - 6, 2.2, 1.6), 90, feather=0.7)
    c.place(head)
    _cuff(c, torn)


def _cuff(c: Canvas, torn: bool) -> None:
    """Bursa, supraspinatus tendon over the head to the greater tuberosity, and any tear."""
    hx, hy = HEAD
    r = HEAD_R + TENDON_GAP
    bursa = arc(hx, hy, r + 2.6, r + 2.6, -62, -172)
    c.band(bursa, 1.8 if torn else 0.8, "fluid", 0.3)
    c.band(smooth([(9, -10), (2, -12), arc(hx, hy, r, r, -70, -70, 1)[0]], False), 4.2, "tendon")
    if not torn:
        c.band(arc(hx, hy, r, r, -70, -168), 3.2, "tendon")
        return
    c.band(arc(hx, hy, r, r, TEAR[0], TEAR[1], steps=24), 3.8, "fluid", 0.4)
    stump = arc(hx, hy, r, r, -70, STUMP_END, steps=8)
    c.band(stump, 3.4, "tendon")
    c.tissue(ellipse(stump[-1][0], stump[-1][1], 2.3, 2.0), "tendon", feather=0.3)
    c.band(arc(hx, hy, r - 0.3, r - 0.3, TEAR[1], -170, steps=8), 2.4, "tendon")
