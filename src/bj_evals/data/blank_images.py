"""Blank images for `-T imaging=blank`: a uniform mid-grey image of each sent image's size.

A model that answers as well with a blank image as with the real one is not using the
image (docs/diagnostics.md). The blank is mid-grey (8-bit value 128) rather than black:
black reads as an unexposed film or as air, a picture of something, while mid-grey is the
mean that vision processors subtract (CLIP's mean is about 0.48 of full scale), so it
enters the vision encoder as about zero: as near to showing nothing as an image can be. It
has the size of the image it replaces, as sent (after `-T image_size`), so the model gets
the same number of image tokens. Each size is written once, as a PNG (lossless, so it
stays exactly uniform), into the cache beside the sized images, and sent as a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from bj_evals.data.images import _atomic, cache_dir

BLANK_VALUE = 128
"""The grey level of every pixel of a blank image (8 bits: 0 black, 255 white)."""


def blank_image(size: tuple[int, int]) -> Path:
    """The cached blank image of `size` (width, height), written on first use."""
    width, height = size
    target = cache_dir() / "images" / f"blank-{BLANK_VALUE}-{width}x{height}.png"
    if not target.is_file():
        with _atomic(target) as temporary:
            Image.new("L", (width, height), color=BLANK_VALUE).save(temporary, "PNG")
    return target


def blank_for(sent: Iterable[Path]) -> dict[Path, Path]:
    """For each image file to be sent, the blank image of its size (read from its header)."""
    blanks = {}
    for path in dict.fromkeys(sent):
        with Image.open(path) as image:
            blanks[path] = blank_image(image.size)
    return blanks
