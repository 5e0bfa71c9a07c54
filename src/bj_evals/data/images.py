"""Image files: checked before any model call, and sized once for every request.

An image larger than the size limit (`-T image_size=`), or not a JPEG, is downscaled
and encoded as JPEG once, and kept in a disk cache keyed by its content and the limit;
every sample and task that shows it refers to that one file, so the model and the log
see the same image.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

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

JPEG_QUALITY = 85

API_MAX_SIDE = 8000
"""Model APIs reject images with a side over 8000 px (Anthropic's limit, the tightest)."""

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
    """Whether the file decodes as an image of a size APIs accept; once per file version."""
    try:
        with Image.open(path) as image:
            size = image.size
            image.verify()
        if path.suffix.lower() in (".jpg", ".jpeg") and not _ends_with(path, _JPEG_END):
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
    return None


def sized_image(path: Path, limit: SizeLimit | None) -> Path:
    """The file to send for `path`: itself if a JPEG within `limit`, else its cached JPEG copy.

    Other formats are re-encoded even when small enough: every provider takes JPEG (not
    all take TIFF or BMP), and a radiograph's JPEG is several times smaller than its PNG.
    """
    if limit is None:
        return path
    stat = path.stat()
    size, image_format, digest = _probe(path, stat.st_size, stat.st_mtime_ns)
    factor = min(1.0, limit.scale(*size))
    if factor == 1.0 and image_format == "JPEG":
        return path
    target = cache_dir() / "images" / f"{digest}-{limit.key}-q{JPEG_QUALITY}.jpg"
    if not target.is_file():
        _write_jpeg(path, target, (round(size[0] * factor), round(size[1] * factor)))
    return target


def sized_images(paths: Iterable[Path], limit: SizeLimit | None) -> dict[Path, Path]:
    """`sized_image` for many files at once, on every core (Pillow decodes without the GIL)."""
    unique = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(
            zip(unique, pool.map(lambda path: sized_image(path, limit), unique), strict=True)
        )


def parse_image_size(value: int | str) -> SizeLimit | None:
    """`-T image_size=`: `api`, a long side in pixels, or `original` (None)."""
    text = str(value).strip().lower()
    if text == "api":
        return API_SIZE
    if text == "original":
        return None
    if text.isdigit() and int(text) > 0:
        return SizeLimit(long_side=int(text))
    raise BJEvalsError(f"-T image_size={value}: use api, a number of pixels, or original")


@lru_cache(maxsize=4096)
def _probe(path: Path, length: int, mtime_ns: int) -> tuple[tuple[int, int], str, str]:
    """Pixel size, format and content hash, read once per file version and process."""
    with Image.open(path) as image:
        size, image_format = image.size, str(image.format)
    return size, image_format, hashlib.sha256(path.read_bytes()).hexdigest()[:32]


def _write_jpeg(source: Path, target: Path, size: tuple[int, int]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as image:
        image.draft(image.mode, size)  # a JPEG decodes at a reduced scale: much faster
        grey = image.mode in ("L", "I", "I;16", "1")
        sized = image.convert("L" if grey else "RGB").resize(
            size, Image.Resampling.LANCZOS, reducing_gap=3.0
        )
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
    os.close(handle)
    sized.save(temporary, "JPEG", quality=JPEG_QUALITY)
    os.replace(temporary, target)  # atomic: concurrent runs never see half a file


def _ends_with(path: Path, marker: bytes) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 16))
        return marker in handle.read()
