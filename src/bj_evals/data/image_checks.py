"""Image files checked before any model call, and the digest that names the bytes checked.

Validation decodes every file fully and remembers its verdict by the SHA-256 of the bytes it
read, so the bytes sent (see `images`) are checked by the same digest when they are copied.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from bj_evals.data.image_display import content_format, display_problem
from bj_evals.data.image_size import API_MAX_SIDE
from bj_evals.errors import BJEvalsError

API_MAX_BYTES = 20 * 1024 * 1024
"""Image files over 20 MB are refused before any model call (OpenAI's limit per image;
Anthropic's is 5 MB, which only `-T image_size=original` can reach: a downscaled copy is far
smaller)."""

MIN_SIDE = 28
"""The shortest side an image may have: below it a picture fills less than the patch grid of
any vision encoder (ViT patches of 14 px, a 2x2 merge in Qwen's and others' encoders)."""

_JPEG_END = b"\xff\xd9"

_FILLER = bytes((index * 37 + 11) % 255 for index in range(4096))
"""Scan data that is not a marker (no 0xFF byte): a decoder reads it only if the picture's
own data ran out before its last rows."""

_checked: dict[str, str | None] = {}


def content_digest(data: bytes) -> str:
    """The SHA-256 of `data` in hex: the name of a validated file's bytes."""
    return hashlib.sha256(data).hexdigest()


def image_problem(root: Path, relative: str) -> str | None:
    """What is wrong with the image at `relative` under `root`, or None."""
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        return f"{relative} escapes the data directory; use a path inside {root}"
    path = root / relative
    if not path.is_file():
        return f"{relative} not found under {root}; add the file or fix the path"
    if not path.resolve().is_relative_to(root.resolve()):
        return f"{relative} is a symlink out of the data directory; copy the file into {root}"
    if path.stat().st_size > API_MAX_BYTES:  # refused before reading it
        return f"{relative} {_too_large()}"
    try:
        data = path.read_bytes()
    except PermissionError:
        return f"{relative} cannot be read (permission denied); fix its permissions"
    _, problem = checked_bytes(data)
    return f"{relative} {problem}" if problem else None


def checked_bytes(data: bytes) -> tuple[str, str | None]:
    """The digest of `data` and what is wrong with it as an image (None): decoded once per content."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # Pillow would fill a cut-off picture with grey
        raise BJEvalsError(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES is True in this process, so truncated images "
            "would pass as whole ones; find what sets it and leave it False"
        )
    digest = content_digest(data)
    if digest not in _checked:
        _checked[digest] = _too_large() if len(data) > API_MAX_BYTES else _decode_problem(data)
    return digest, _checked[digest]


def _too_large() -> str:
    return f"is over {API_MAX_BYTES // 2**20} MB, which model APIs reject; compress it"


def _decode_problem(data: bytes) -> str | None:
    """Whether `data` decodes fully as an image that APIs accept and encoders can read."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            image.verify()  # the checksums, which decoding does not check
        with Image.open(io.BytesIO(data)) as image:  # verify() leaves it unusable: open again
            problem = display_problem(image)  # decodes every pixel
            if content_format(image) == "JPEG":
                _check_jpeg_complete(data, image)
    except Image.DecompressionBombError:
        return "has too many pixels to open safely; downscale it"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"is corrupt or truncated ({error}); replace the file"
    if max(size) > API_MAX_SIDE:
        return (
            f"is {size[0]}x{size[1]} px, over the {API_MAX_SIDE} px per side that "
            "model APIs accept; downscale it"
        )
    if problem is None and min(size) < MIN_SIDE:
        return (
            f"is {size[0]}x{size[1]} px, under the {MIN_SIDE} px per side that a vision "
            "encoder's patch grid needs; use a larger image"
        )
    return problem


def _check_jpeg_complete(data: bytes, decoded: Image.Image) -> None:
    """Raise OSError when the JPEG's picture data ends before its last rows.

    A decoder that runs out of data mid-picture (a file cut short, even with its end marker
    appended again) only warns, and fills the rest with grey. So the file is decoded once more
    with filler before its end marker: a complete picture never reads it, a cut one does.
    """
    end = data.rfind(_JPEG_END, max(0, len(data) - 16))
    if end < 0:
        raise OSError("truncated JPEG: no end marker")
    with Image.open(io.BytesIO(data[:end] + _FILLER + data[end:])) as padded:
        padded.load()
        if padded.tobytes() != decoded.tobytes():
            raise OSError("premature end of JPEG data: its last rows are missing")
