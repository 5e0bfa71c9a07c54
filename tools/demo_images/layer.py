"""A bone (or fragment) being drawn: gray levels plus coverage, with fracture edits."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PIL import Image, ImageChops, ImageDraw

from tools.demo_images.geometry import Point, Poly

if TYPE_CHECKING:
    from tools.demo_images.canvas import Canvas


class Layer:
    """One bone (or fragment) as gray levels plus a coverage mask, editable before placing."""

    def __init__(self, canvas: Canvas, img: Image.Image, mask: Image.Image) -> None:
        self.canvas = canvas
        self.img = img
        self.mask = mask

    def stroke(self, points: Sequence[Point], width: float, value: int | None = None) -> None:
        """Draw a line of the given gray level (default: cortex) inside the bone."""
        level = self.canvas.palette["cortex"] if value is None else value
        draw = ImageDraw.Draw(self.img)
        draw.line(self.canvas.px(points), fill=level, width=self._px(width), joint="curve")

    def diaphysis(self, zone: Poly, wall: float, feather: float = 4.0) -> None:
        """Thicken the cortex to `wall` units and show the medullary canal inside `zone`."""
        canvas = self.canvas
        inner = canvas.erode(self.mask, wall)
        region = canvas.mask([zone], feather)
        ring = ImageChops.multiply(ImageChops.subtract(self.mask, inner), region)
        self.img.paste(canvas.palette["cortex"], mask=ring)
        canal = ImageChops.multiply(inner, region)
        amount = canvas.palette.canal
        shade = canal.point(lambda v: v * abs(amount) // 255)
        op = ImageChops.add if amount >= 0 else ImageChops.subtract
        self.img = op(self.img, shade)

    def cut(self, points: Sequence[Point], width: float) -> None:
        """Remove bone along a line: a lucent fracture line or gap."""
        draw = ImageDraw.Draw(self.mask)
        draw.line(self.canvas.px(points), fill=0, width=self._px(width), joint="curve")

    def tint(self, outline: Poly, amount: int, feather: float = 1.0) -> None:
        """Brighten (sclerosis, oedema) or darken (cyst, osteopenia) a region of the bone."""
        region = self.canvas.mask([outline], feather).point(lambda v: v * abs(amount) // 255)
        if amount >= 0:
            self.img = ImageChops.add(self.img, region)
        else:
            self.img = ImageChops.subtract(self.img, region)

    def split(self, outline: Poly) -> Layer:
        """Detach the part of the bone inside `outline` as a separate fragment."""
        region = self.canvas.mask([outline])
        part = ImageChops.multiply(self.mask, region)
        self.mask = ImageChops.subtract(self.mask, region)
        return Layer(self.canvas, self.img.copy(), part)

    def move(self, dx: float, dy: float, angle: float = 0.0, pivot: Point = (0.0, 0.0)) -> None:
        """Rotate by `angle` degrees (clockwise on screen) about `pivot`, then translate."""
        ((px, py),) = self.canvas.px([pivot])
        tx, ty = dx * self.canvas.unit, dy * self.canvas.unit
        cos_a, sin_a = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        ox, oy = px + tx, py + ty
        coeffs = (
            cos_a,
            sin_a,
            px - cos_a * ox - sin_a * oy,
            -sin_a,
            cos_a,
            py + sin_a * ox - cos_a * oy,
        )
        affine = Image.Transform.AFFINE
        bilinear = Image.Resampling.BILINEAR
        self.img = self.img.transform(self.canvas.size, affine, coeffs, bilinear)
        self.mask = self.mask.transform(self.canvas.size, affine, coeffs, bilinear)

    def _px(self, width: float) -> int:
        return max(1, round(width * self.canvas.unit))
