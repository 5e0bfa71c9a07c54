"""Lumbar spine geometry, side-on: a curved stack of vertebral bodies, discs and arches.

Anterior is on the viewer's left. Each vertebra is drawn in its own frame (x from the
front to the back of the body, y downwards) and then tilted and placed along the curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from tools.demo_images.geometry import Point, Poly, moved, path, rotated, smooth


@dataclass(frozen=True)
class Vertebra:
    """One level: name, centre of the body, tilt, body size and anterior height fraction."""

    name: str
    centre: Point
    tilt: float  # degrees, clockwise on screen
    width: float  # front-to-back depth of the body
    height: float
    front: float = 1.0  # anterior height as a fraction of the posterior height (wedging)

    def place(self, points: Poly) -> Poly:
        """Local vertebra coordinates to image design units."""
        return moved(rotated(points, self.tilt, (0.0, 0.0)), *self.centre)

    def body(self) -> Poly:
        """Body outline with slightly waisted front and (if wedged) a sloping upper endplate."""
        w, h = self.width / 2, self.height / 2
        drop = self.height * (1 - self.front)
        return self.place(
            smooth(
                path(
                    [
                        (-w, -h + drop),
                        (0, -h + drop * 0.45),
                        (w, -h),
                        (w, h),
                        (0, h - 0.3),
                        (-w, h),
                    ],
                    [(-w + 0.7, drop / 2)],
                ),
                rounds=2,
            )
        )

    def arch(self, midline: bool) -> Poly:
        """Posterior elements: pedicle and facets (lateral view) or lamina only (midline)."""
        w, h = self.width / 2, self.height / 2
        start = (
            [(w + 8.5, -h + 2.5), (w + 11, -h + 1.5)]
            if midline
            else [(w - 0.8, -h + 1.0), (w + 6, -h + 0.8), (w + 8, -h - 1.8), (w + 10, -h + 1.2)]
        )
        spinous = [(w + 12, -h + 2.2), (w + 19, -1.5), (w + 21, 3.5), (w + 12, 5.5)]
        end = (
            [(w + 9.5, h + 1.0), (w + 8, h - 1.5)]
            if midline
            else [(w + 9.5, h + 1.6), (w + 6.5, h - 1.2), (w + 5, -h + 5.5), (w - 0.8, -h + 5.2)]
        )
        return self.place(smooth([*start, *spinous, *end], rounds=2))

    def back(self, y: float) -> Point:
        """Point on the posterior body wall at local height `y`."""
        return self.place([(self.width / 2, y)])[0]

    def front_wall(self, y: float) -> Point:
        """Point on the anterior body wall at local height `y`."""
        return self.place([(-self.width / 2, y)])[0]


def column(
    top: Point, levels: list[tuple[str, float, float, float]], gaps: list[float]
) -> list[Vertebra]:
    """Stack levels (name, depth, height, tilt) downwards from `top`, each disc gap apart."""
    out: list[Vertebra] = []
    x, y = top[0], top[1] + levels[0][2] / 2
    for i, (name, width, height, tilt) in enumerate(levels):
        out.append(Vertebra(name, (x, y), tilt, width, height))
        if i + 1 < len(levels):
            step = height / 2 + gaps[i] + levels[i + 1][2] / 2
            angle = math.radians((tilt + levels[i + 1][3]) / 2)
            x, y = x - math.sin(angle) * step, y + math.cos(angle) * step
    return out


def wedged(vertebrae: list[Vertebra], name: str, front: float) -> list[Vertebra]:
    """Copy of the column with one body compressed in front (anterior wedge)."""
    return [replace(v, front=front) if v.name == name else v for v in vertebrae]


def disc(upper: Vertebra, lower: Vertebra, bulge: float = 0.0) -> Poly:
    """Disc between two bodies; `bulge` pushes its back wall into the canal."""
    uw, uh = upper.width / 2, upper.height / 2
    lw, lh = lower.width / 2, lower.height / 2
    top = upper.place([(-uw + 0.3, uh - 0.2), (uw - 0.3, uh - 0.2)])
    bottom = lower.place([(lw - 0.3, -lh + 0.2), (-lw + 0.3, -lh + 0.2)])
    mid_back = ((top[1][0] + bottom[0][0]) / 2 + 0.4 + bulge, (top[1][1] + bottom[0][1]) / 2)
    mid_front = ((top[0][0] + bottom[1][0]) / 2 - 0.6, (top[0][1] + bottom[1][1]) / 2)
    return smooth([top[0], top[1], mid_back, bottom[0], bottom[1], mid_front], rounds=2)
