"""Image files: checked before any model call, and sized once for every request.

Validation decodes every file fully. What is sent is what a viewer shows (see
`image_display`): an image that is larger than the size limit (`-T image_size=`), not a
JPEG, or shown differently from its stored pixels (EXIF orientation, more than 8 bits,
transparency) is made into an upright 8-bit JPEG once and kept in a disk cache keyed by its
content and the limit; every sample and task that shows it refers to that one file, so the
model and the log see the same image. Inspect takes the media type from the file name, so a
file whose name belies its content is sent under a name that matches it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from bj_evals.data.image_display import (
    DISPLAY_RULES,
    content_format,
    content_suffix,
    display_problem,
    displayed,
    name_fits_content,
    orientation,
    shown_as_stored,
)
from bj_evals.data.image_size import API_MAX_SIDE, SizeLimit
from bj_evals.errors import BJEvalsError

JPEG_QUALITY = 85
"""Quality of the JPEG copies sent under `api` and `<px>`."""

ORIGINAL_JPEG_QUALITY = 95
"""Quality of a JPEG made upright under `original` (the one change made to its pixels)."""


API_MAX_BYTES = 20 * 1024 * 1024
"""Image files over 20 MB are refused before any model call (OpenAI's limit per image;
Anthropic's is 5 MB, which only `-T image_size=original` can reach: a downscaled copy is far
smaller)."""

_JPEG_END = b"\xff\xd9"


def cache_dir() -> Path:
    """Where bj-evals keeps derived files: `$BJ_EVALS_CACHE`, else the user cache folder."""
    configured = os.environ.get("BJ_EVALS_CACHE")
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "bj_evals"
    return Path(configured) if configured else base


def image_problem(root: Path, relative: str) -> str | None:
    """What is wrong with the image at `relative` under `root`, or None."""
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        return f"{relative} escapes the data directory; use a path inside {root}"
    path = root / relative
    if not path.is_file():
        return f"{relative} not found under {root}; add the file or fix the path"
    if not path.resolve().is_relative_to(root.resolve()):
        return f"{relative} is a symlink out of the data directory; copy the file into {root}"
    stat = path.stat()
    if stat.st_size > API_MAX_BYTES:
        return (
            f"{relative} is over {API_MAX_BYTES // 2**20} MB, which model APIs reject; compress it"
        )
    problem = _decode_problem(path, stat.st_size, stat.st_mtime_ns)
    return f"{relative} {problem}" if problem else None


@lru_cache(maxsize=4096)
def _decode_problem(path: Path, length: int, mtime_ns: int) -> str | None:
    """Whether the file decodes fully as an image APIs accept; once per file version."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # Pillow would fill a cut-off picture with grey
        raise BJEvalsError(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES is True in this process, so truncated images "
            "would pass as whole ones; find what sets it and leave it False"
        )
    try:
        with Image.open(path) as image:
            size = image.size
            image.verify()  # the checksums, which decoding does not check
        with Image.open(path) as image:  # verify() leaves the file unusable: open it again
            problem = display_problem(image)  # decodes every pixel
            is_jpeg = content_format(image) == "JPEG"
        if is_jpeg and not _ends_with(path, _JPEG_END):
            raise OSError("truncated JPEG")
    except PermissionError:
        return "cannot be read (permission denied); fix its permissions"
    except Image.DecompressionBombError:
        return "has too many pixels to open safely; downscale it"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"is corrupt or truncated ({error}); replace the file"
    if max(size) > API_MAX_SIDE:
        return (
            f"is {size[0]}x{size[1]} px, over the {API_MAX_SIDE} px per side that "
            "model APIs accept; downscale it"
        )
    return problem


@dataclass(frozen=True)
class _Probe:
    """What deciding the file to send needs, read without decoding the pixels."""

    size: tuple[int, int]  # as a viewer shows it: after the EXIF orientation
    image_format: str  # from the content, whatever the file's name says
    digest: str
    as_stored: bool  # a viewer shows the decoded pixels unchanged


def sized_image(path: Path, limit: SizeLimit | None) -> Path:
    """The file to send for `path`: itself when it can go as it is, else a cached copy.

    Under a limit, a JPEG within it that a viewer shows as stored goes as it is; anything
    else becomes an upright 8-bit JPEG within the limit: every provider takes JPEG (not all
    take TIFF or BMP), and a radiograph's JPEG is several times smaller than its PNG.
    Without a limit (`original`) the file goes as it is unless a viewer would show it
    otherwise; then it is made upright and 8-bit at full size, as a JPEG (quality 95) if it
    was one, else as a PNG. A file whose name belies its content goes under a fitting name.
    """
    stat = path.stat()
    probe = _probe(path, stat.st_size, stat.st_mtime_ns)
    factor = limit.scale(*probe.size) if limit else 1.0
    if probe.as_stored and (limit is None or (factor == 1.0 and probe.image_format == "JPEG")):
        return _named_for_content(path, probe)
    quality: int | None = JPEG_QUALITY if limit else ORIGINAL_JPEG_QUALITY
    if limit:
        name = f"{limit.key}-q{JPEG_QUALITY}.jpg"
    elif probe.image_format == "JPEG":
        name = f"original-q{ORIGINAL_JPEG_QUALITY}.jpg"
    else:
        name, quality = "original.png", None
    target = cache_dir() / "images" / f"{probe.digest}-{DISPLAY_RULES}-{name}"
    if not target.is_file():
        size = (round(probe.size[0] * factor), round(probe.size[1] * factor))
        _write_converted(path, target, size, quality)
    return target


def sized_images(paths: Iterable[Path], limit: SizeLimit | None) -> dict[Path, Path]:
    """`sized_image` for many files at once, on every core (Pillow decodes without the GIL)."""
    unique = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(
            zip(unique, pool.map(lambda path: sized_image(path, limit), unique), strict=True)
        )


@lru_cache(maxsize=4096)
def _probe(path: Path, length: int, mtime_ns: int) -> _Probe:
    """What `sized_image` decides by, read once per file version and process."""
    with Image.open(path) as image:
        width, height = image.size
        turned = orientation(image) >= 5  # 5-8 swap width and height
        image_format, as_stored = content_format(image), shown_as_stored(image)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    return _Probe((height, width) if turned else (width, height), image_format, digest, as_stored)


def _named_for_content(path: Path, probe: _Probe) -> Path:
    """`path`, or when its name belies its content, a cached copy of its bytes named right."""
    suffix = content_suffix(probe.image_format)
    if suffix is None or name_fits_content(path, probe.image_format):
        return path  # named right, or a format with no media type to name it by
    target = cache_dir() / "images" / f"{probe.digest}{suffix}"
    if not target.is_file():
        with _atomic(target) as temporary:
            shutil.copyfile(path, temporary)
    return target


def _write_converted(
    source: Path, target: Path, size: tuple[int, int], quality: int | None
) -> None:
    """Write what a viewer shows of `source`, `size` px upright: JPEG of `quality`, else PNG."""
    with Image.open(source) as image:
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


def _ends_with(path: Path, marker: bytes) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 16))
        return marker in handle.read()
