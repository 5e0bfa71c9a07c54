"""Drawing surface: soft tissues painted in order, bones as layers, modality finish.

Everything is drawn at `SUPERSAMPLE` times the output size and reduced at the end,
which anti-aliases the outlines. Shapes come in design units (see `geometry`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from tools.demo_images.geometry import Point, Poly, tube
from tools.demo_images.layer import Layer
from tools.demo_images.palette import Palette, Tissue

SUPERSAMPLE = 2
MARGIN = 12  # design units drawn beyond each edge, so moved fragments carry no gaps
NOISE_CELL = 1.5  # noise grain size in output pixels
NOISE_BLUR = 1.5  # smoothing of the noise (keeps the PNGs small), output pixels
TEXTURE_GRAIN = 0.9  # trabecular texture cell size, in design units
EDGE = 250  # blurred-mask level treated as "inside" when eroding a bone for its rim


class Canvas:
    """An image being drawn for one modality, with a random source seeded per image."""

    def __init__(self, width: int, height: int, palette: Palette, seed: str) -> None:
        self.palette = palette
        self.out_size = (width, height)
        short = min(width, height)
        self.unit = short * SUPERSAMPLE / 100
        self.margin = round(MARGIN * self.unit)
        self.size = (width * SUPERSAMPLE + 2 * self.margin, height * SUPERSAMPLE + 2 * self.margin)
        self.half_w = 50 * width / short
        self.half_h = 50 * height / short
        self.rng = random.Random(seed)
        self.base = Image.new("L", self.size, palette["background"])
        self.marrow_fill = self._marrow_fill()

    def zoom(self, factor: float) -> None:
        """Magnify the drawing: one design unit becomes `factor` times larger on the image."""
        self.unit *= factor
        self.half_w /= factor
        self.half_h /= factor

    def px(self, points: Sequence[Point]) -> list[tuple[float, float]]:
        """Design units to supersampled pixel coordinates."""
        cx, cy = self.size[0] / 2, self.size[1] / 2
        return [(cx + x * self.unit, cy + y * self.unit) for x, y in points]

    def mask(
        self, outlines: Sequence[Poly], feather: float = 0.0, holes: Sequence[Poly] = ()
    ) -> Image.Image:
        """Filled outlines (minus holes) as an 8-bit mask, edges softened by `feather` units."""
        out = Image.new("L", self.size, 0)
        draw = ImageDraw.Draw(out)
        for outline in outlines:
            draw.polygon(self.px(outline), fill=255)
        for hole in holes:
            draw.polygon(self.px(hole), fill=0)
        if feather > 0:
            out = out.filter(ImageFilter.GaussianBlur(feather * self.unit))
        return out

    def tissue(self, outline: Poly, tissue: Tissue | int, feather: float = 0.5) -> None:
        """Paint a soft-tissue region with a tissue's gray level (or an explicit level)."""
        value = tissue if isinstance(tissue, int) else self.palette[tissue]
        self.base.paste(value, mask=self.mask([outline], feather))

    def band(
        self, centre: Sequence[Point], width: float, tissue: Tissue | int, feather: float = 0.3
    ) -> None:
        """Paint a band (tendon, ligament, fat stripe) of constant width along a centre line."""
        self.tissue(tube(centre, width), tissue, feather)

    def bone(
        self,
        outlines: Sequence[Poly],
        rim: float = 1.0,
        holes: Sequence[Poly] = (),
        cortex: int | None = None,
        marrow: int | None = None,
    ) -> Layer:
        """A bone from the union of `outlines`: cortex of `rim` units around the marrow."""
        pal = self.palette
        mask = self.mask(outlines, holes=holes)
        inner = self.erode(mask, rim)
        img = Image.new("L", self.size, pal["cortex"] if cortex is None else cortex)
        fill = self.marrow_fill
        if marrow is not None:
            fill = fill.point(lambda v: max(0, min(255, v + marrow - pal["marrow"])))
        img.paste(fill, mask=inner)
        return Layer(self, img, mask)

    def erode(self, mask: Image.Image, depth: float) -> Image.Image:
        """Shrink a mask by about `depth` units, with a slightly soft edge."""
        radius = max(depth * self.unit, 1.0)
        inner = mask.filter(ImageFilter.BoxBlur(radius)).point(lambda v: 255 if v >= EDGE else 0)
        return inner.filter(ImageFilter.GaussianBlur(radius * 0.35))

    def place(self, *layers: Layer) -> None:
        """Put bone layers onto the image (added for X-ray, painted otherwise)."""
        for layer in layers:
            img = ImageChops.multiply(layer.img, layer.mask)
            if self.palette.additive_bone:
                self.base = ImageChops.add(self.base, img)
            else:
                self.base.paste(layer.img, mask=layer.mask)

    def finish(self) -> Image.Image:
        """Reduce to output size, then blur, tone-map and add mild smoothed noise."""
        pal = self.palette
        m = self.margin
        inner = self.base.crop((m, m, self.size[0] - m, self.size[1] - m))
        img = inner.reduce(SUPERSAMPLE).filter(ImageFilter.GaussianBlur(pal.blur))
        if pal.gamma != 1.0:
            img = img.point(lambda v: round(255 * (v / 255) ** pal.gamma))
        if pal.shading > 0:
            img = ImageChops.multiply(img, self._shading(pal.shading))
        return ImageChops.add(img, self._noise(pal.noise), 1.0, -128)

    def _noise(self, amplitude: float) -> Image.Image:
        """Smoothed noise centred on 128 with roughly +-amplitude gray levels."""
        width, height = self.out_size
        small = (math.ceil(width / NOISE_CELL), math.ceil(height / NOISE_CELL))
        raw = Image.frombytes("L", small, self.rng.randbytes(small[0] * small[1]))
        big = raw.resize(self.out_size, Image.Resampling.BICUBIC)
        big = big.filter(ImageFilter.GaussianBlur(NOISE_BLUR))
        return big.point(lambda v: round(128 + (v - 128) * amplitude / 64))

    def _shading(self, depth: float) -> Image.Image:
        """A smooth random field from 255 down to about 255 * (1 - depth)."""
        raw = Image.frombytes("L", (4, 5), self.rng.randbytes(20))
        field = raw.resize(self.out_size, Image.Resampling.BICUBIC)
        field = field.filter(ImageFilter.GaussianBlur(min(self.out_size) / 12))
        return field.point(lambda v: round(255 * (1 - depth * (255 - v) / 255)))

    def _marrow_fill(self) -> Image.Image:
        """Marrow gray level with a blotchy trabecular texture, covering the canvas."""
        pal = self.palette
        cell = max(TEXTURE_GRAIN * self.unit, 1.0)
        small = (math.ceil(self.size[0] / cell), math.ceil(self.size[1] / cell))
        raw = Image.frombytes("L", small, self.rng.randbytes(small[0] * small[1]))
        tex = raw.resize(self.size, Image.Resampling.BICUBIC)
        depth = pal.grain * pal["marrow"] / 255
        return tex.point(lambda v: round(pal["marrow"] - v * depth))
