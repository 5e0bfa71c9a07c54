"""Plane geometry for outlines: smoothing, ellipses, tubes and rigid moves.

Coordinates are design units (1 unit = 1% of the image's shorter side), origin at the
image centre, x to the right and y downwards, as on screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

Point = tuple[float, float]
Poly = list[Point]


def path(*parts: Sequence[Point]) -> Poly:
    """Join runs of control points (written as separate rows) into one list."""
    return [point for part in parts for point in part]


def smooth(points: Sequence[Point], closed: bool = True, rounds: int = 3) -> Poly:
    """Round off a control polygon (Chaikin corner cutting) into an organic outline."""
    pts = list(points)
    for _ in range(rounds):
        pairs = zip(pts, [*pts[1:], pts[0]], strict=True) if closed else pairwise(pts)
        out: Poly = [] if closed else [pts[0]]
        for (ax, ay), (bx, by) in pairs:
            out.append((0.75 * ax + 0.25 * bx, 0.75 * ay + 0.25 * by))
            out.append((0.25 * ax + 0.75 * bx, 0.25 * ay + 0.75 * by))
        pts = out if closed else [*out, pts[-1]]
    return pts


def ellipse(
    cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, steps: int = 72
) -> Poly:
    """Outline of an ellipse, optionally rotated by `angle` degrees."""
    return arc(cx, cy, rx, ry, 0.0, 360.0, angle, steps)[:-1]


def arc(
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    start: float,
    end: float,
    angle: float = 0.0,
    steps: int = 36,
) -> Poly:
    """Points along an elliptical arc from `start` to `end` degrees (0 = +x, 90 = +y)."""
    rot = math.radians(angle)
    cos_r, sin_r = math.cos(rot), math.sin(rot)
    out: Poly = []
    for i in range(steps + 1):
        t = math.radians(start + (end - start) * i / steps)
        x, y = rx * math.cos(t), ry * math.sin(t)
        out.append((cx + x * cos_r - y * sin_r, cy + x * sin_r + y * cos_r))
    return out


def tube(centre: Sequence[Point], widths: float | Sequence[float]) -> Poly:
    """Closed outline of a band (constant or per-point width) around a centre line."""
    if isinstance(widths, (int, float)):
        widths = [float(widths)] * len(centre)
    left: Poly = []
    right: Poly = []
    last = len(centre) - 1
    for i, (x, y) in enumerate(centre):
        ax, ay = centre[max(i - 1, 0)]
        bx, by = centre[min(i + 1, last)]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / norm, dx / norm
        half = widths[i] / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    return left + right[::-1]


def bone_tube(centre: Sequence[Point], widths: Sequence[float]) -> Poly:
    """A rounded long-bone outline (metacarpal, scaphoid) along a centre line."""
    return smooth(tube(centre, widths), rounds=2)


def moved(points: Sequence[Point], dx: float, dy: float) -> Poly:
    """Translate points."""
    return [(x + dx, y + dy) for x, y in points]


def rotated(points: Sequence[Point], angle: float, pivot: Point) -> Poly:
    """Rotate points by `angle` degrees (clockwise on screen) around `pivot`."""
    rad = math.radians(angle)
    cos_a, sin_a = math.cos(rad), math.sin(rad)
    px, py = pivot
    return [
        (px + (x - px) * cos_a - (y - py) * sin_a, py + (x - px) * sin_a + (y - py) * cos_a)
        for x, y in points
    ]


def lerp(a: Point, b: Point, t: float) -> Point:
    """Point a fraction `t` of the way from `a` to `b`."""
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def side_of(p0: Point, p1: Point, reach: float = 400.0) -> Poly:
    """A large polygon covering everything to the left of the directed line p0 -> p1."""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm * reach, dy / norm * reach
    nx, ny = uy, -ux
    return [
        (p0[0] - ux, p0[1] - uy),
        (p0[0] + ux, p0[1] + uy),
        (p0[0] + ux + nx, p0[1] + uy + ny),
        (p0[0] - ux + nx, p0[1] - uy + ny),
    ]


def jagged(points: Sequence[Point], amplitude: float, seed: int) -> Poly:
    """Insert small alternating kinks between points, for irregular fracture lines."""
    out: Poly = []
    for i, (a, b) in enumerate(pairwise(points)):
        mid = lerp(a, b, 0.5)
        dx, dy = b[0] - a[0], b[1] - a[1]
        norm = math.hypot(dx, dy) or 1.0
        sign = 1 if (i + seed) % 2 else -1
        out += [a, (mid[0] - dy / norm * amplitude * sign, mid[1] + dx / norm * amplitude * sign)]
    return [*out, points[-1]]
