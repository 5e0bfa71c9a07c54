"""Image files: checked before any model call, and sized once for every request.

A radiograph larger than `image_max_side` on its long side is downscaled once,
re-encoded, and kept in a disk cache keyed by its content and the setting; every
sample and task that shows it refers to that one file, so the model and the log see
the same downscaled image.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from bj_evals.errors import BJEvalsError

DEFAULT_MAX_SIDE = 1568
"""Long side in pixels. Claude downscales anything longer; GPT-4o fits images into
2048 px and Gemini into 3072 px before tiling, so at 1568 px none of them resizes the
long side again."""

API_MAX_SIDE = 8000
"""Model APIs reject images with a side over 8000 px (Anthropic's limit, the tightest)."""

API_MAX_BYTES = 20 * 1024 * 1024
"""Model APIs reject image files over 20 MB (OpenAI's limit)."""

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
    if path.stat().st_size > API_MAX_BYTES:
        return (
            f"{relative} is over {API_MAX_BYTES // 2**20} MB, which model APIs reject; compress it"
        )
    try:
        with Image.open(path) as image:
            size = image.size
            image.verify()
        if path.suffix.lower() in (".jpg", ".jpeg") and not _ends_with(path, _JPEG_END):
            raise OSError("truncated JPEG")
    except PermissionError:
        return f"{relative} cannot be read (permission denied); fix its permissions"
    except Image.DecompressionBombError:
        return f"{relative} has too many pixels to open safely; downscale it"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"{relative} is corrupt or truncated ({error}); replace the file"
    if max(size) > API_MAX_SIDE:
        return (
            f"{relative} is {size[0]}x{size[1]} px, over the {API_MAX_SIDE} px per side that "
            "model APIs accept; downscale it"
        )
    return None


def sized_image(path: Path, max_side: int | None) -> Path:
    """The file to send for `path`: itself if small enough, else its cached downscaled copy."""
    if max_side is None:
        return path
    with Image.open(path) as image:
        if max(image.size) <= max_side:
            return path
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:32]
    suffix = ".jpg" if path.suffix.lower() in (".jpg", ".jpeg") else ".png"
    target = cache_dir() / "images" / f"{digest}-{max_side}{suffix}"
    if not target.is_file():
        _write_downscaled(path, target, max_side)
    return target


def parse_max_side(value: int | str) -> int | None:
    """`-T image_max_side=`: a positive number of pixels, or `original`."""
    if isinstance(value, str) and value.strip().lower() == "original":
        return None
    try:
        pixels = int(value)
    except ValueError:
        pixels = 0
    if pixels <= 0:
        raise BJEvalsError(f"-T image_max_side={value}: give a number of pixels or 'original'")
    return pixels


def _write_downscaled(source: Path, target: Path, max_side: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as image:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
        os.close(handle)
        if target.suffix == ".jpg":
            image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(
                temporary, quality=92
            )
        else:
            image.save(temporary, optimize=True)
    os.replace(temporary, target)  # atomic: concurrent runs never see half a file


def _ends_with(path: Path, marker: bytes) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 16))
        return marker in handle.read()
