"""Image files as sent: made once from the bytes validated, and sized for every request.

Validation (see `image_checks`) decodes every file fully. What is sent is a file in a disk
cache named by the SHA-256 of the bytes that were checked, never the data directory's file
itself, so a file replaced after validation (another picture, bytes that do not decode, an
image over the limits) is never sent. What is sent is what a viewer shows (see
`image_display`): an image that is larger than the size limit (`-T image_size=`), not a
JPEG, or shown differently from its stored pixels (EXIF orientation, more than 8 bits,
transparency) is made into an upright 8-bit JPEG once, keyed by its content and the limit;
every sample and task that shows it refers to that one file, so the model and the log see
the same image. Inspect takes the media type from the file name, so a file whose name
belies its content is sent under a name that matches it.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from bj_evals.data.image_checks import checked_bytes
from bj_evals.data.image_display import (
    DISPLAY_RULES,
    content_format,
    content_suffix,
    displayed,
    name_fits_content,
    orientation,
    shown_as_stored,
)
from bj_evals.data.image_size import SizeLimit
from bj_evals.errors import BJEvalsError

JPEG_QUALITY = 85
"""Quality of the JPEG copies sent under `api` and `<px>`."""

ORIGINAL_JPEG_QUALITY = 95
"""Quality of a JPEG made upright under `original` (the one change made to its pixels)."""


def cache_dir() -> Path:
    """Where bj-evals keeps derived files: `$BJ_EVALS_CACHE`, else the user cache folder."""
    configured = os.environ.get("BJ_EVALS_CACHE")
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "bj_evals"
    return Path(configured) if configured else base


@dataclass(frozen=True)
class _Probe:
    """What deciding the file to send needs, read without decoding the pixels."""

    size: tuple[int, int]  # as a viewer shows it: after the EXIF orientation
    image_format: str  # from the content, whatever the file's name says
    as_stored: bool  # a viewer shows the decoded pixels unchanged


def sized_image(path: Path, limit: SizeLimit | None) -> Path:
    """The file to send for `path`: a cached copy of the bytes validated, or one made from them.

    The file is read once; its bytes are checked (by their digest: decoded only when they
    differ from what validation saw) and the file sent is made from these bytes, named by
    their digest, so a file replaced later is never sent. Under a limit, a JPEG within it
    that a viewer shows as stored goes as it is; anything else becomes an upright 8-bit JPEG
    within the limit: every provider takes JPEG (not all take TIFF or BMP), and a
    radiograph's JPEG is several times smaller than its PNG. Without a limit (`original`)
    the file goes as it is unless a viewer would show it otherwise; then it is made upright
    and 8-bit at full size, as a JPEG (quality 95) if it was one, else as a PNG.
    """
    data = path.read_bytes()
    digest, problem = checked_bytes(data)
    if problem:
        raise BJEvalsError(f"{path} changed after it was validated and now {problem}")
    probe = _probe(data)
    factor = limit.scale(*probe.size) if limit else 1.0
    if probe.as_stored and (limit is None or (factor == 1.0 and probe.image_format == "JPEG")):
        return _copy(path, data, digest, probe.image_format)
    quality: int | None = JPEG_QUALITY if limit else ORIGINAL_JPEG_QUALITY
    if limit:
        name = f"{limit.key}-q{JPEG_QUALITY}.jpg"
    elif probe.image_format == "JPEG":
        name = f"original-q{ORIGINAL_JPEG_QUALITY}.jpg"
    else:
        name, quality = "original.png", None
    target = cache_dir() / "images" / f"{digest}-{DISPLAY_RULES}-{name}"
    if not target.is_file():
        size = (round(probe.size[0] * factor), round(probe.size[1] * factor))
        _write_converted(data, target, size, quality)
    return target


def sized_images(paths: Iterable[Path], limit: SizeLimit | None) -> dict[Path, Path]:
    """`sized_image` for many files at once, on every core (Pillow decodes without the GIL)."""
    unique = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(
            zip(unique, pool.map(lambda path: sized_image(path, limit), unique), strict=True)
        )


def _probe(data: bytes) -> _Probe:
    """What `sized_image` decides by, read from the header."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        turned = orientation(image) >= 5  # 5-8 swap width and height
        image_format, as_stored = content_format(image), shown_as_stored(image)
    return _Probe((height, width) if turned else (width, height), image_format, as_stored)


def _copy(path: Path, data: bytes, digest: str, image_format: str) -> Path:
    """A cached copy of `data`, named by its digest, under a name whose ending fits its content.

    Inspect takes the media type from the file name, so a file whose name belies its content
    is sent under a name that matches it (a format with no media type keeps its ending).
    """
    fits = name_fits_content(path, image_format)
    suffix = path.suffix.lower() if fits else content_suffix(image_format) or path.suffix
    target = cache_dir() / "images" / f"{digest}{suffix}"
    if not (target.is_file() and target.stat().st_size == len(data)):
        with _atomic(target) as temporary:
            temporary.write_bytes(data)
    return target


def _write_converted(data: bytes, target: Path, size: tuple[int, int], quality: int | None) -> None:
    """Write what a viewer shows of `data`, `size` px upright: JPEG of `quality`, else PNG."""
    with Image.open(io.BytesIO(data)) as image:
        stored = size[::-1] if orientation(image) >= 5 else size
        image.draft(image.mode, stored)  # a JPEG decodes at a reduced scale: much faster
        shown = displayed(image)
        if shown.size != size:
            shown = shown.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        with _atomic(target) as temporary:
            if quality is not None:
                shown.save(temporary, "JPEG", quality=quality)
            else:
                shown.save(temporary, "PNG")


@contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    """A temporary file that replaces `target` at once: concurrent runs never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
