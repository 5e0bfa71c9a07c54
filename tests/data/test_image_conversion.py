"""What the model receives is what a viewer shows: bit depth, orientation, alpha, media type.

Every expected picture here is computed from the source pixels with numpy, by the rule a
viewer follows, never by the code under test.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from inspect_ai import eval
from numpy.typing import NDArray
from PIL import Image, PngImagePlugin

from bj_evals import image_interpretation
from bj_evals.data.image_size import API_SIZE, SizeLimit
from bj_evals.data.images import sized_image
from tests.conftest import SITES, case_record, mcq_record, write_dataset
from tests.helpers import Scripted, reply

Pixels = NDArray[np.float64]

LIMITS = pytest.mark.parametrize("limit", [API_SIZE, None], ids=["api", "original"])


def rgb(image: Image.Image) -> Pixels:
    return np.asarray(image.convert("RGB"), dtype=np.float64)


def grey(values: NDArray[Any]) -> Pixels:
    return np.repeat(np.asarray(values, dtype=np.float64)[..., None], 3, axis=2)


def received(path: Path) -> Pixels:
    with Image.open(path) as image:
        return rgb(image)


def from_data_uri(uri: str) -> tuple[str, bytes]:
    media_type, data = uri.removeprefix("data:").split(";base64,")
    return media_type, base64.b64decode(data)


def stretched(values: Pixels, low: float, high: float) -> Pixels:
    """A viewer's linear window: `low` shows black, `high` white."""
    return np.asarray(np.clip((values - low) / (high - low) * 255, 0, 255), dtype=np.float64)


def robust_window(values: Pixels) -> Pixels:
    low, high = np.percentile(values, [0.5, 99.5])
    return stretched(values, float(low), float(high))


def ramp(size: tuple[int, int], low: float, high: float) -> Pixels:
    """A smooth diagonal ramp from `low` to `high`: every value of the range, no edges."""
    width, height = size
    y, x = np.mgrid[0:height, 0:width]
    return np.asarray(low + (x + y) / (width + height - 2) * (high - low), dtype=np.float64)


def assert_close(sent: Pixels, expected: Pixels, limit: SizeLimit | None) -> None:
    """Equal up to rounding for lossless copies, to JPEG's small error for JPEG ones."""
    assert sent.shape == expected.shape
    error = np.abs(sent - expected)
    if limit is None:
        assert error.max() <= 1
    else:
        assert error.mean() <= 2


# 1. High bit depth: mapped to 8 bits by the file's window or its real range.


def twelve_bit_png(path: Path) -> Pixels:
    values = np.rint(ramp((320, 240), 0, 4095))
    Image.fromarray(values.astype(np.uint16)).save(path)
    return grey(robust_window(values))


def windowed_png(path: Path) -> Pixels:
    values = np.rint(ramp((320, 240), 0, 4095))
    text = PngImagePlugin.PngInfo()
    text.add_text("WindowCenter", "1500")
    text.add_text("WindowWidth", "1000")
    Image.fromarray(values.astype(np.uint16)).save(path, pnginfo=text)
    return grey(stretched(values, 1000, 2000))


def sixteen_bit_tiff(path: Path) -> Pixels:
    values = np.rint(ramp((320, 240), 300, 60000))
    Image.fromarray(values.astype(np.uint16)).save(path)
    return grey(robust_window(values))


def thirty_two_bit_tiff(path: Path) -> Pixels:
    values = np.rint(ramp((320, 240), -1000, 3000))  # CT numbers in Hounsfield units
    Image.fromarray(values.astype(np.int32)).save(path)
    return grey(robust_window(values))


def float_tiff(path: Path) -> Pixels:
    values = ramp((320, 240), -0.25, 1.75).astype(np.float32)
    Image.fromarray(values).save(path)
    return grey(robust_window(values.astype(np.float64)))


@LIMITS
@pytest.mark.parametrize(
    ("make", "name"),
    [
        (twelve_bit_png, "scan.png"),
        (windowed_png, "scan.png"),
        (sixteen_bit_tiff, "scan.tif"),
        (thirty_two_bit_tiff, "scan.tif"),
        (float_tiff, "scan.tif"),
    ],
)
def test_high_bit_depth_images_are_sent_with_their_full_range(
    tmp_path: Path, make: Callable[[Path], Pixels], name: str, limit: SizeLimit | None
) -> None:
    source = tmp_path / name
    expected = make(source)
    assert_close(received(sized_image(source, limit)), expected, limit)


# 4. EXIF orientation: applied before any resize, whether or not the image is downscaled.

LEVELS = np.array([[20, 45, 70], [95, 120, 145], [170, 195, 220]], dtype=np.float64)
"""A 3x3 grid of distinct greys: each of the eight EXIF orientations gives another layout."""

UPRIGHT: dict[int, Callable[[Pixels], Pixels]] = {
    2: np.fliplr,
    3: lambda grid: np.rot90(grid, 2),
    4: np.flipud,
    5: lambda grid: grid.T,
    6: lambda grid: np.rot90(grid, -1),
    7: lambda grid: np.rot90(grid, 2).T,
    8: lambda grid: np.rot90(grid, 1),
}
"""What a viewer does to the stored pixels for each EXIF orientation (EXIF 2.3, tag 274)."""


def rotated_photo(path: Path, size: tuple[int, int], orientation: int) -> None:
    width, height = size
    blocks = np.kron(LEVELS, np.ones((height // 3, width // 3)))
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(blocks.astype(np.uint8)).save(path, "JPEG", quality=95, exif=exif.tobytes())


def block_levels(pixels: Pixels) -> Pixels:
    """The mean grey of the middle of each of the 3x3 blocks (away from JPEG's edge ringing)."""
    height, width = pixels.shape[:2]
    return np.array(
        [
            [
                pixels[
                    (6 * row + 2) * height // 18 : (6 * row + 4) * height // 18,
                    (6 * col + 2) * width // 18 : (6 * col + 4) * width // 18,
                ].mean()
                for col in range(3)
            ]
            for row in range(3)
        ]
    )


@LIMITS
@pytest.mark.parametrize("orientation", sorted(UPRIGHT))
@pytest.mark.parametrize("stored", [(300, 210), (2400, 1608)], ids=["small", "large"])
def test_an_exif_rotated_photo_is_sent_upright(
    tmp_path: Path, orientation: int, stored: tuple[int, int], limit: SizeLimit | None
) -> None:
    path = tmp_path / "film.jpg"
    rotated_photo(path, stored, orientation)
    swaps = orientation >= 5
    shown = (stored[1], stored[0]) if swaps else stored
    factor = limit.scale(*shown) if limit else 1.0

    sent = sized_image(path, limit)

    with Image.open(sent) as image:
        assert image.size == (round(shown[0] * factor), round(shown[1] * factor))
        assert image.getexif().get(0x0112, 1) == 1  # no API is left to rotate it
        levels = block_levels(rgb(image)[..., 0])
    assert np.abs(levels - UPRIGHT[orientation](LEVELS)).max() <= 4


# 5. Transparency: composited on black, the background a radiograph viewer shows.

SHAPE = (96, 64)


def picture() -> Pixels:
    return ramp((SHAPE[1], SHAPE[0]), 0, 255)


def picture_in_alpha(path: Path) -> Pixels:
    pixels = np.full((*SHAPE, 4), 255, dtype=np.uint8)
    pixels[..., 3] = np.rint(picture())
    Image.fromarray(pixels, "RGBA").save(path)
    return grey(pixels[..., 3])


def half_transparent_colour(path: Path) -> Pixels:
    pixels = np.zeros((*SHAPE, 4), dtype=np.uint8)
    pixels[..., 0], pixels[..., 1], pixels[..., 2] = 200, 120, 40
    pixels[..., 3] = np.rint(picture())
    Image.fromarray(pixels, "RGBA").save(path)
    alpha = pixels[..., 3:].astype(np.float64) / 255
    return pixels[..., :3] * alpha


def grey_with_alpha(path: Path) -> Pixels:
    pixels = np.zeros((*SHAPE, 2), dtype=np.uint8)
    pixels[..., 0] = 230
    pixels[..., 1] = np.rint(picture())
    Image.fromarray(pixels, "LA").save(path)
    return grey(230 * pixels[..., 1].astype(np.float64) / 255)


def palette_with_transparency(path: Path) -> Pixels:
    rows = np.arange(SHAPE[0])[:, None] // 24 % 4  # bands on JPEG's 8 px grid: no ringing
    indices = np.repeat(rows, SHAPE[1], axis=1).astype(np.uint8)
    colours = np.array([[0, 0, 0], [90, 90, 90], [180, 180, 180], [250, 250, 250]])
    image = Image.fromarray(indices, "P")
    image.putpalette(colours.astype(np.uint8).flatten().tolist())
    image.save(path, transparency=3)  # index 3 is fully transparent: black on a viewer
    shown = colours[indices].astype(np.float64)
    shown[indices == 3] = 0
    return shown


def grey_with_transparent_value(path: Path) -> Pixels:
    values = np.rint(picture()).astype(np.uint8)
    values[:, :16] = 255
    Image.fromarray(values).save(path, transparency=255)  # tRNS: value 255 is transparent
    return grey(np.where(values == 255, 0, values))


def bilevel(path: Path) -> Pixels:
    values = np.where(picture() > 128, 255, 0).astype(np.uint8)
    Image.fromarray(values).convert("1").save(path)
    return grey(values)


def plain_grey(path: Path) -> Pixels:
    values = np.rint(picture()).astype(np.uint8)
    Image.fromarray(values).save(path)
    return grey(values)


def plain_colour(path: Path) -> Pixels:
    values = np.rint(picture())
    pixels = np.stack([values, 255 - values, np.full_like(values, 60)], axis=2)
    Image.fromarray(pixels.astype(np.uint8), "RGB").save(path)
    return pixels


@LIMITS
@pytest.mark.parametrize(
    "make",
    [
        picture_in_alpha,
        half_transparent_colour,
        grey_with_alpha,
        palette_with_transparency,
        grey_with_transparent_value,
        bilevel,
        plain_grey,
        plain_colour,
    ],
)
def test_transparent_images_are_sent_on_black_and_opaque_ones_as_they_are(
    tmp_path: Path, make: Callable[[Path], Pixels], limit: SizeLimit | None
) -> None:
    path = tmp_path / "scan.png"
    expected = make(path)
    sent = sized_image(path, limit)
    assert_close(received(sent), expected, limit)
    if limit is None and make in (bilevel, plain_grey, plain_colour):
        assert sent.read_bytes() == path.read_bytes()  # nothing to fix: its own bytes


# 2. Media type from the content, never the name; end to end, as the model receives it.


def jpeg_named_png(path: Path) -> Pixels:
    pixels = np.stack([picture(), 255 - picture(), np.full(SHAPE, 90.0)], axis=2)
    Image.fromarray(np.rint(pixels).astype(np.uint8)).save(path, "JPEG", quality=95)
    with Image.open(path) as image:  # a viewer shows the decoded JPEG
        return rgb(image)


def png_named_jpg(path: Path) -> Pixels:
    values = np.rint(picture()).astype(np.uint8)
    Image.fromarray(values).save(path, "PNG")
    return grey(values)


def upright_film(path: Path) -> Pixels:
    rotated_photo(path, (2400, 1608), 6)
    return grey(np.kron(UPRIGHT[6](LEVELS), np.ones((800, 536))))


SENT = {
    # path in the data set: (what draws it and returns what a viewer shows, its content type)
    "images/ramp16.png": (twelve_bit_png, {"api": "image/jpeg", "original": "image/png"}),
    "images/photo.png": (jpeg_named_png, {"api": "image/jpeg", "original": "image/jpeg"}),
    "images/scan.jpg": (png_named_jpg, {"api": "image/jpeg", "original": "image/png"}),
    "images/film.jpg": (upright_film, {"api": "image/jpeg", "original": "image/jpeg"}),
    "images/alpha.png": (picture_in_alpha, {"api": "image/jpeg", "original": "image/png"}),
}


@pytest.mark.parametrize("image_size", ["api", "original"])
def test_the_model_receives_what_a_viewer_shows_with_the_right_media_type(
    tmp_path: Path, image_size: str
) -> None:
    image = {"modality": "X-ray"}
    mcqs = [mcq_record(Path(p).stem, "III", image=image | {"path": p}) for p in SENT]
    cases = [case_record(f"{site}-1", site, f"images/{site}.png") for site in SITES]
    root = write_dataset(tmp_path / "data", cases, mcqs)
    expected = {path: make(root / path) for path, (make, _) in SENT.items()}
    model = Scripted(lambda call: reply("ANSWER: A"))

    eval(
        image_interpretation,
        task_args={"source": str(root), "image_size": image_size},
        model=model.model(),
        display="none",
    )

    assert len(model.calls) == len(SENT)
    for path, (make, media_types) in SENT.items():
        [call] = [call for call in model.calls if f"Question {Path(path).stem}?" in call.text]
        media_type, data = from_data_uri(call.images[0])
        assert media_type == media_types[image_size], path
        with Image.open(io.BytesIO(data)) as decoded:
            assert Image.MIME[str(decoded.format)] == media_type
            sent = rgb(decoded)
        if sent.shape != expected[path].shape:  # downscaled: compare with the source resized
            assert image_size == "api"
            reference = Image.fromarray(np.rint(expected[path]).astype(np.uint8))
            expected[path] = rgb(reference.resize(decoded.size, Image.Resampling.LANCZOS))
        assert np.abs(sent - expected[path]).mean() <= 2, path
        if make is twelve_bit_png:  # the 12-bit radiograph is not clipped white
            assert abs(sent.mean() - 127.5) < 10 and (sent == 255).mean() < 0.01
    if image_size == "original":  # a JPEG named .png: its own bytes, labelled right
        [photo] = [call for call in model.calls if "Question photo?" in call.text]
        assert from_data_uri(photo.images[0])[1] == (root / "images/photo.png").read_bytes()
