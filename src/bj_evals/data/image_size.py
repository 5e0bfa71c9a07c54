"""How large an image is sent: `-T image_size=api` (the default), a long side, or `original`."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bj_evals.errors import BJEvalsError


@dataclass(frozen=True)
class SizeLimit:
    """The largest image to send: a long side, and optionally a short side and an area."""

    long_side: int
    short_side: int | None = None
    megapixels: float | None = None

    def scale(self, width: int, height: int) -> float:
        """The factor (at most 1) that brings a `width` x `height` image within the limit."""
        factors = [1.0, self.long_side / max(width, height)]
        if self.short_side:
            factors.append(self.short_side / min(width, height))
        if self.megapixels:
            factors.append(math.sqrt(self.megapixels * 1e6 / (width * height)))
        return min(factors)

    @property
    def key(self) -> str:
        """The limit as it appears in cache file names."""
        return f"{self.long_side}-{self.short_side or 0}-{self.megapixels or 0}"


API_SIZE = SizeLimit(long_side=1568, short_side=768, megapixels=1.15)
"""`-T image_size=api`, the default: the largest image that GPT-4o, Claude and Gemini all
take without resizing it themselves. Claude scales down images with a side over 1568 px or
over 1.15 megapixels; GPT-4o (high detail) scales the short side down to 768 px; Gemini
tiles at 768 px. Anything larger costs upload, memory and log space for pixels no model sees."""


API_MAX_SIDE = 8000
"""Model APIs reject images with a side over 8000 px (Anthropic's limit, the tightest)."""


MIN_LONG_SIDE = 64
"""The smallest long side `-T image_size=<px>` takes: below it no radiograph stays legible."""


def parse_image_size(value: int | str) -> SizeLimit | None:
    """`-T image_size=`: `api`, a long side in pixels, or `original` (None)."""
    text = str(value).strip().lower()
    if text == "api":
        return API_SIZE
    if text == "original":
        return None
    if not isinstance(value, bool) and text.isdigit():
        if MIN_LONG_SIDE <= int(text) <= API_MAX_SIDE:
            return SizeLimit(long_side=int(text))
        raise BJEvalsError(
            f"-T image_size={value}: a long side from {MIN_LONG_SIDE} to {API_MAX_SIDE} pixels "
            "(model APIs reject larger sides), or api, or original"
        )
    raise BJEvalsError(f"-T image_size={value}: use api, a number of pixels, or original")
