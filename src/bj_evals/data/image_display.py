"""What a clinician's viewer shows of an image file, as 8-bit pixels a model API takes.

A viewer turns the picture upright by its EXIF orientation, maps a high-bit-depth
radiograph to the screen's 8 bits by its window (or, without one, by the range its pixels
really use) and shows transparent pixels over its black background. Model APIs do none of
this reliably, so bj-evals does it before an image is sent.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, ImageOps

DISPLAY_RULES = "v2"
"""Part of every cached copy's name: bump it when what `displayed` makes changes, so copies
made by earlier rules (v1 clipped 16-bit images at 255 and dropped transparency and the
EXIF orientation) are never sent again."""

HIGH_BIT_DEPTH_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I", "F"})
"""Pillow's modes for greyscale images of more than 8 bits (16-bit PNG and TIFF, 32-bit TIFF)."""

ROBUST_RANGE = (0.5, 99.5)
"""Without a window in the file, the percentiles of its pixel values shown black and white:
the range the picture uses, unmoved by a few hot or dead pixels."""

DARK_COLOUR_TOP = 64
"""Pillow reads a 16-bit colour image at 8 bits, keeping the high byte of each value. When
no value reaches 64 << 8 = 16384 (data of 14 bits or fewer, such as a 12-bit export), that
leaves an almost black picture of at most 64 grey levels: validation refuses it."""

_ORIENTATION = 0x0112
_WINDOW_KEYS = {"windowcenter": "center", "windowcentre": "center", "windowwidth": "width"}


def content_format(image: Image.Image) -> str:
    """The file's format from its content (a multi-picture camera JPEG is a JPEG)."""
    return "JPEG" if image.format == "MPO" else str(image.format)


def name_fits_content(path: Path, image_format: str) -> bool:
    """Whether Inspect, which takes the media type from the file name, labels it right."""
    guessed, _ = mimetypes.guess_type(path.name, strict=False)  # as inspect_ai does
    return guessed is not None and guessed == Image.MIME.get(image_format)


def content_suffix(image_format: str) -> str | None:
    """The file name ending Inspect turns into the media type of `image_format`, if known."""
    media_type = Image.MIME.get(image_format)
    return mimetypes.guess_extension(media_type, strict=False) if media_type else None


def orientation(image: Image.Image) -> int:
    """The EXIF orientation (1-8) a viewer applies, 1 without one; read without decoding.

    A PNG's orientation counts only from an eXIf chunk before the pixel data (the only
    place browsers read it; Pillow would decode the whole picture to look further).
    """
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    value = image.getexif().get(_ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def shown_as_stored(image: Image.Image) -> bool:
    """Whether a viewer shows the file's decoded pixels unchanged (read without decoding)."""
    return (
        image.mode in ("1", "L", "RGB", "P")
        and "transparency" not in image.info
        and not is_sixteen_bit_colour(image)
        and orientation(image) == 1
    )


def is_sixteen_bit_colour(image: Image.Image) -> bool:
    """A 16-bit colour (or grey and alpha) file, which Pillow decodes at 8 bits; before `load`."""
    tiles = image.tile if isinstance(image, ImageFile.ImageFile) else []
    return image.mode in ("RGB", "RGBA", "LA") and any(";16" in str(tile.args) for tile in tiles)


def file_window(image: Image.Image) -> tuple[float, float] | None:
    r"""The display window the file declares, as the values shown black and white.

    Read from text chunks named like DICOM's WindowCenter and WindowWidth (any case,
    spaces or underscores; a DICOM multi-value `40\400` gives its first value), in the
    file's own pixel values. Raises ValueError when present but unreadable.
    """
    found = {
        _WINDOW_KEYS[key]: value
        for name, value in image.info.items()
        if isinstance(name, str) and (key := re.sub(r"[^a-z]", "", name.lower())) in _WINDOW_KEYS
    }
    if not found:
        return None
    given = f"WindowCenter {found.get('center')!r}, WindowWidth {found.get('width')!r}"
    try:
        center, width = (float(str(found[part]).split("\\")[0]) for part in ("center", "width"))
    except (KeyError, ValueError):
        raise ValueError(given) from None
    if not (np.isfinite(center) and np.isfinite(width) and width > 0):
        raise ValueError(given)
    return center - width / 2, center + width / 2


def displayed(image: Image.Image) -> Image.Image:
    """The picture a viewer shows: upright, 8-bit L or RGB, transparency over black."""
    window = file_window(image) if image.mode in HIGH_BIT_DEPTH_MODES else None
    if orientation(image) != 1:
        image = ImageOps.exif_transpose(image)
    if image.mode in HIGH_BIT_DEPTH_MODES:
        return _eight_bits(image, window)
    if image.mode in ("L", "RGB") and "transparency" not in image.info:
        return image
    if "A" in image.mode or "transparency" in image.info:
        return on_black(image)
    return image.convert("L" if image.mode == "1" else "RGB")


def on_black(image: Image.Image) -> Image.Image:
    """`image` composited over black: each pixel's colour times its opacity."""
    grey = image.mode in ("1", "L", "LA", "La")
    with_alpha = image.convert("LA" if grey else "RGBA")  # a tRNS colour becomes alpha 0
    opaque = with_alpha.convert("L" if grey else "RGB")
    black = Image.new(opaque.mode, opaque.size, 0)
    return Image.composite(opaque, black, with_alpha.getchannel("A"))


def alpha_of(image: Image.Image) -> Image.Image | None:
    """The opacity of each pixel, or None for an image without transparency."""
    if "A" not in image.mode and "transparency" not in image.info:
        return None
    grey = image.mode in ("1", "L", "LA", "La")
    return image.convert("LA" if grey else "RGBA").getchannel("A")


def display_problem(image: Image.Image) -> str | None:
    """Decode every pixel of a freshly opened `image`: what would make it show wrong, or None.

    Raises what Pillow raises for a corrupt or truncated file.
    """
    sixteen_bit_colour = is_sixteen_bit_colour(image)  # known only before decoding
    image.load()
    if sixteen_bit_colour and max(_colour_maxima(image)) < DARK_COLOUR_TOP:
        return (
            f"is 16-bit colour with every value under {DARK_COLOUR_TOP << 8}, which shows "
            "almost black when read at 8 bits per channel, as Pillow and most viewers read "
            "it; save it as 16-bit greyscale or as 8-bit colour"
        )
    if image.mode in HIGH_BIT_DEPTH_MODES:
        try:
            file_window(image)
        except ValueError as error:
            return (
                f"has an unreadable window ({error}); give WindowCenter and WindowWidth as "
                "numbers, the width positive, or remove them"
            )
    alpha = alpha_of(image)
    if alpha is not None and _flat(on_black(image)) and not _flat(alpha):
        return (
            "has its picture only in its alpha (transparency) channel over black, so it "
            "shows blank on the black background of a radiograph viewer; save the picture "
            "as grey levels without transparency"
        )
    return None


def _colour_maxima(image: Image.Image) -> list[float]:
    extrema = image.getextrema()
    assert isinstance(extrema[0], tuple)  # a multi-band image: one (min, max) per band
    return [high for band, (_, high) in zip(image.getbands(), extrema, strict=True) if band != "A"]


def _flat(image: Image.Image) -> bool:
    extrema = image.getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(low == high for low, high in bands)


def _eight_bits(image: Image.Image, window: tuple[float, float] | None) -> Image.Image:
    values = np.asarray(image, dtype=np.float32)
    low, high = window or _robust_range(values)
    if high <= low:  # a flat picture: its one value shows black, anything above white
        high = low + 1
    eight = np.clip((values - low) * (255 / (high - low)), 0, 255)
    return Image.fromarray(np.rint(np.nan_to_num(eight)).astype(np.uint8), "L")


def _robust_range(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    low, high = np.percentile(finite, ROBUST_RANGE)
    return float(low), float(high)
