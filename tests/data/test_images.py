"""Images: every bad file is named before any model call; large ones are sized once."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from inspect_ai import eval
from inspect_ai.log import read_eval_log
from inspect_ai.model import ContentImage
from PIL import Image, ImageFile, PngImagePlugin

from bj_evals import image_interpretation
from bj_evals.cli import main
from bj_evals.data import images
from bj_evals.data.image_checks import image_problem
from bj_evals.data.image_size import API_MAX_SIDE, API_SIZE, SizeLimit, parse_image_size
from bj_evals.data.images import sized_image
from bj_evals.data.records import load_benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.task_table import paper_task
from bj_evals.tasks.dataset import case_samples
from tests.conftest import SITES, case_record, mcq_record, write_dataset
from tests.helpers import Scripted, reply


def draw(path: Path, size: tuple[int, int] = (64, 48), fmt: str = "PNG") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise(size, 40).save(path, fmt)
    return path


def truncated(path: Path) -> str:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return f"images/{path.name}"


def not_an_image(root: Path) -> str:
    (root / "images" / "text.png").write_text("not an image", encoding="utf-8")
    return "images/text.png"


def outside_symlink(root: Path) -> str:
    target = draw(root.parent / "elsewhere.png")
    (root / "images" / "link.png").symlink_to(target)
    return "images/link.png"


def big_image(root: Path) -> str:
    Image.new("L", (API_MAX_SIDE + 1, 8)).save(root / "images" / "big.png")
    return "images/big.png"


def png_bytes(width: int, height: int, depth: int, colour: int, rows: bytes) -> bytes:
    """A PNG written chunk by chunk, with valid checksums whatever `rows` holds.

    Written by hand because Pillow writes neither 16-bit colour nor broken pixel data.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def corrupt_pixels_valid_checksums(root: Path) -> str:
    rows = b"".join(b"\x07" + bytes(range(8)) for _ in range(8))  # 7 is no PNG row filter
    (root / "images" / "filter.png").write_bytes(png_bytes(8, 8, 8, 0, rows))
    return "images/filter.png"


def sixteen_bit_colour(root: Path, top: int) -> str:
    values = np.linspace(0, top, 32 * 32 * 3).astype(">u2").reshape(32, 32 * 3)
    rows = b"".join(b"\x00" + row.tobytes() for row in values)
    (root / "images" / "rgb16.png").write_bytes(png_bytes(32, 32, 16, 2, rows))
    return "images/rgb16.png"


def picture_only_in_alpha_over_black(root: Path) -> str:
    pixels = np.zeros((16, 16, 4), dtype=np.uint8)
    pixels[..., 3] = np.arange(256).reshape(16, 16)
    Image.fromarray(pixels, "RGBA").save(root / "images" / "alpha.png")
    return "images/alpha.png"


def unreadable_window(root: Path) -> str:
    text = PngImagePlugin.PngInfo()
    text.add_text("WindowCenter", "bone")
    text.add_text("WindowWidth", "400")
    Image.new("I;16", (8, 8)).save(root / "images" / "window.png", pnginfo=text)
    return "images/window.png"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda root: "images/none.png", "images/none.png not found under"),
        (lambda root: "../outside.png", "../outside.png escapes the data directory"),
        (lambda root: "/etc/hostname", "/etc/hostname escapes the data directory"),
        (outside_symlink, "images/link.png is a symlink out of the data directory"),
        (not_an_image, "images/text.png is corrupt or truncated"),
        (
            lambda root: truncated(draw(root / "images/cut.png")),
            "images/cut.png is corrupt or truncated",
        ),
        (
            lambda root: truncated(draw(root / "images/cut.jpg", fmt="JPEG")),
            "images/cut.jpg is corrupt or truncated",
        ),
        (
            lambda root: truncated(draw(root / "images/cut-jpeg.png", fmt="JPEG")),
            "images/cut-jpeg.png is corrupt or truncated",
        ),
        (
            lambda root: truncated(draw(root / "images/cut-png.jpg", fmt="PNG")),
            "images/cut-png.jpg is corrupt or truncated",
        ),
        (corrupt_pixels_valid_checksums, "images/filter.png is corrupt or truncated"),
        (
            lambda root: sixteen_bit_colour(root, 4095),
            "images/rgb16.png is 16-bit colour with every value under 16384",
        ),
        (
            picture_only_in_alpha_over_black,
            "images/alpha.png has its picture only in its alpha (transparency) channel",
        ),
        (unreadable_window, "images/window.png has an unreadable window"),
        (
            big_image,
            f"images/big.png is {API_MAX_SIDE + 1}x8 px, over the {API_MAX_SIDE} px per side",
        ),
    ],
)
def test_each_bad_image_gets_its_own_message(
    tmp_path: Path, make: Callable[[Path], str], expected: str
) -> None:
    root = tmp_path / "data"
    (root / "images").mkdir(parents=True)
    relative = make(root)
    assert (image_problem(root, relative) or "").startswith(expected)


@pytest.mark.parametrize(
    "make",
    [
        lambda root: draw(root / "images" / "photo.png", fmt="JPEG"),
        lambda root: draw(root / "images" / "scan.jpg", fmt="PNG"),
        lambda root: sixteen_bit_colour(root, 65535),
    ],
    ids=["jpeg-named-png", "png-named-jpg", "full-range-16-bit-colour"],
)
def test_a_sound_image_passes_whatever_its_name(
    tmp_path: Path, make: Callable[[Path], object]
) -> None:
    (tmp_path / "images").mkdir()
    make(tmp_path)
    [path] = (tmp_path / "images").iterdir()
    assert image_problem(tmp_path, f"images/{path.name}") is None


def test_a_file_changed_after_validation_is_decoded_again(tmp_path: Path) -> None:
    path = draw(tmp_path / "images" / "scan.png")
    assert image_problem(tmp_path, "images/scan.png") is None
    rows = b"".join(b"\x07" + bytes(range(8)) for _ in range(8))
    path.write_bytes(png_bytes(8, 8, 8, 0, rows))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert "is corrupt or truncated" in (image_problem(tmp_path, "images/scan.png") or "")


def test_a_corrupt_image_stops_the_task_with_one_line_before_any_model_call(
    tmp_path: Path,
) -> None:
    cases = [case_record(f"{site}-1", site, f"images/{site}.png") for site in SITES]
    mcqs = [mcq_record("q", "III", image={"path": "images/filter.png", "modality": "X-ray"})]
    root = write_dataset(tmp_path / "data", cases, mcqs)
    corrupt_pixels_valid_checksums(root)
    model = Scripted(lambda call: reply("ANSWER: A"))

    with pytest.raises(BJEvalsError) as error:
        eval(image_interpretation(source=str(root)), model=model.model(), display="none")

    assert "images/filter.png is corrupt or truncated" in str(error.value)
    assert len(str(error.value).splitlines()) == 1 and model.calls == []


def test_validation_refuses_to_run_when_pillow_would_accept_truncated_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truncated(draw(tmp_path / "images" / "cut.png"))
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(BJEvalsError, match="LOAD_TRUNCATED_IMAGES is True"):
        image_problem(tmp_path, "images/cut.png")


def test_an_unreadable_image_is_named(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = draw(tmp_path / "images" / "locked.png")
    path.chmod(0)
    assert "permission denied" in (image_problem(tmp_path, "images/locked.png") or "")


def test_validate_reports_bad_images_by_row_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [case_record(f"{site}-1", site, f"images/{site}.png") for site in SITES]
    root = write_dataset(tmp_path / "data", cases, [])
    truncated(root / "images" / "hip.png")
    assert main(["validate", str(root)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(
        f"{root}/cases.jsonl:3: images.0.path: images/hip.png is corrupt or truncated"
    )


def test_task_viii_impossible_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_dataset(tmp_path / "data", [case_record("k", "knee", "images/k.png")], [])
    assert main(["validate", str(root)]) == 1
    assert "every case is a knee case, so task VIII has no image" in capsys.readouterr().out


def test_a_large_image_is_sized_once_for_every_sample_that_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[Path] = []
    original = images._write_converted

    def counted(source: bytes, target: Path, size: tuple[int, int], quality: int) -> None:
        writes.append(target)
        original(source, target, size, quality)

    monkeypatch.setattr(images, "_write_converted", counted)
    cases = [case_record(f"c{n}", SITES[n % 3], "images/shared.png") for n in range(5)]
    root = write_dataset(tmp_path / "data", cases, [])
    draw(root / "images" / "shared.png", (3000, 2000))

    benchmark = load_benchmark(root)
    sent = {
        part.image
        for task in ("IV", "V")
        for sample in case_samples(benchmark, paper_task(task), "image", API_SIZE)
        for part in sample.input[0].content  # type: ignore[union-attr]
        if isinstance(part, ContentImage)
    }

    [path] = sent
    assert len(writes) == 1 and Path(path) == writes[0]
    with Image.open(path) as sized:
        assert sized.size == (1152, 768) and sized.format == "JPEG"


def test_the_cache_key_follows_the_image_and_the_setting(tmp_path: Path) -> None:
    path = draw(tmp_path / "x.png", (2000, 1000))
    first, other_setting = sized_image(path, SizeLimit(1000)), sized_image(path, SizeLimit(800))
    draw(path, (2000, 1000))  # new pixels, same name
    changed = sized_image(path, SizeLimit(1000))
    assert len({first, other_setting, changed}) == 3
    assert sized_image(path, None).read_bytes() == path.read_bytes()
    small_jpeg = draw(tmp_path / "small.jpg", (100, 100), fmt="JPEG")
    assert sized_image(small_jpeg, API_SIZE).read_bytes() == small_jpeg.read_bytes()
    small_png = sized_image(draw(tmp_path / "small.png", (100, 100)), API_SIZE)
    with Image.open(small_png) as converted:
        assert converted.format == "JPEG" and converted.size == (100, 100)


def test_a_copy_cached_by_an_earlier_version_is_not_sent(tmp_path: Path) -> None:
    path = tmp_path / "ramp16.png"
    Image.fromarray(np.linspace(0, 4095, 64 * 48).astype(np.uint16).reshape(48, 64)).save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:32]  # the earlier cache key
    stale = images.cache_dir() / "images" / f"{digest}-{API_SIZE.key}-q85.jpg"
    stale.parent.mkdir(parents=True)
    Image.new("L", (64, 48), 255).save(stale)  # what the 8-bit clip made: all white

    with Image.open(sized_image(path, API_SIZE)) as sent:
        assert np.asarray(sent).mean() < 200


@pytest.mark.parametrize(
    ("size", "expected"),
    [((3000, 2000), (1152, 768)), ((2720, 2720), (768, 768)), ((1500, 400), (1500, 400)),
     ((4000, 900), (1568, 353)), ((1400, 1000), (1075, 768))],
)  # fmt: skip
def test_the_api_size_fits_every_provider_without_resizing(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    factor = API_SIZE.scale(*size)
    sized = (round(size[0] * factor), round(size[1] * factor))
    assert sized == expected
    assert max(sized) <= 1568 and min(sized) <= 768 and sized[0] * sized[1] <= 1.15e6


@pytest.mark.parametrize(
    ("value", "limit"),
    [("api", API_SIZE), ("900", SizeLimit(900)), (900, SizeLimit(900)), ("original", None)],
)
def test_image_size_takes_api_pixels_or_original(value: int | str, limit: SizeLimit | None) -> None:
    assert parse_image_size(value) == limit


def test_a_bad_image_size_is_one_line() -> None:
    with pytest.raises(BJEvalsError, match="use api, a number of pixels, or original"):
        parse_image_size("big")


def test_the_model_and_the_log_see_the_same_downscaled_image(tmp_path: Path) -> None:
    cases = [case_record(f"{site}-1", site, f"images/{site}.png") for site in SITES]
    mcqs = [mcq_record("q", "III", image={"path": "images/knee.png", "modality": "X-ray"})]
    root = write_dataset(tmp_path / "data", cases, mcqs)
    draw(root / "images" / "knee.png", (2400, 3000))
    model = Scripted(lambda call: reply("ANSWER: A"))

    [log] = eval(
        image_interpretation, task_args={"source": str(root)}, model=model.model(), display="none"
    )

    [sent] = model.calls[0].images
    logged = read_eval_log(log.location, resolve_attachments=True)
    assert logged.samples is not None
    [image] = [c for c in logged.samples[0].input[0].content if isinstance(c, ContentImage)]  # type: ignore[union-attr]
    for uri in (sent, image.image):
        assert uri.startswith("data:image/jpeg;base64,")
        with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as decoded:
            assert decoded.size == (768, 960)
