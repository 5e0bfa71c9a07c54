"""The bytes validated are the bytes sent; cut-off JPEGs and images too small to see are refused."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from inspect_ai import eval
from PIL import Image

from bj_evals import image_interpretation
from bj_evals.cli import main
from bj_evals.data.image_checks import MIN_SIDE, image_problem
from bj_evals.data.image_size import API_MAX_SIDE, API_SIZE
from bj_evals.data.images import cache_dir
from bj_evals.data.records import load_benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.task_table import paper_task
from bj_evals.tasks.dataset import case_samples
from tests.conftest import SITES, case_record, mcq_record, write_dataset
from tests.helpers import Scripted, reply


def noise(path: Path, size: tuple[int, int], fmt: str, **options: Any) -> bytes:
    Image.effect_noise(size, 40).save(path, fmt, **options)
    return path.read_bytes()


def another_picture(path: Path) -> None:
    Image.new("L", (200, 150), 255).save(path, "JPEG" if path.suffix == ".jpg" else "PNG")


def undecodable(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\nnot a picture any more")


def over_the_api_side(path: Path) -> None:
    Image.new("L", (API_MAX_SIDE + 1000, API_MAX_SIDE + 1000)).save(path, "PNG")


@pytest.mark.parametrize("replace", [another_picture, undecodable, over_the_api_side])
@pytest.mark.parametrize(
    ("name", "image_size"), [("knee.jpg", "api"), ("knee.png", "original")]
)  # the two ways an image went as it was: a JPEG within the limit, anything under `original`
def test_a_file_replaced_after_the_task_is_built_is_never_sent(
    tmp_path: Path, replace: Callable[[Path], None], name: str, image_size: str
) -> None:
    cases = [case_record(f"{site}-1", site, f"images/{site}.png") for site in SITES]
    mcqs = [mcq_record("q", "III", image={"path": f"images/{name}", "modality": "X-ray"})]
    root = write_dataset(tmp_path / "data", cases, mcqs)
    path = root / "images" / name
    validated = noise(path, (300, 200), "JPEG" if name.endswith("jpg") else "PNG")
    task = image_interpretation(source=str(root), image_size=image_size)
    replace(path)
    model = Scripted(lambda call: reply("ANSWER: A"))

    [log] = eval(task, model=model.model(), display="none")

    assert log.status == "success"
    [sent] = model.calls[0].images
    assert base64.b64decode(sent.split(",", 1)[1]) == validated


def test_a_file_changed_between_validation_and_sizing_stops_in_one_line(tmp_path: Path) -> None:
    cases = [case_record(f"{site}-1", site, f"images/{site}.png") for site in SITES]
    root = write_dataset(tmp_path / "data", cases, [])
    benchmark = load_benchmark(root)
    undecodable(root / "images" / "hip.png")

    with pytest.raises(BJEvalsError) as error:
        case_samples(benchmark, paper_task("IV"), "image", API_SIZE)

    message = str(error.value)
    assert message.startswith(f"{root / 'images' / 'hip.png'} changed after it was validated")
    assert "is corrupt or truncated" in message and len(message.splitlines()) == 1


JPEGS: dict[str, dict[str, Any]] = {
    "baseline": {},
    "progressive": {"progressive": True},
    "restart-markers": {"restart_marker_blocks": 4},
    "optimized-colour": {"optimize": True, "subsampling": 0},
}


@pytest.mark.parametrize("fraction", [0.5, 0.9])
@pytest.mark.parametrize("options", JPEGS.values(), ids=JPEGS.keys())
def test_a_jpeg_cut_short_with_its_end_marker_appended_is_refused(
    tmp_path: Path, options: dict[str, Any], fraction: float
) -> None:
    path = tmp_path / "images" / "cut.jpg"
    path.parent.mkdir()
    whole = noise(path, (300, 200), "JPEG", **options)
    path.write_bytes(whole[: int(len(whole) * fraction)] + b"\xff\xd9")

    assert (image_problem(tmp_path, "images/cut.jpg") or "").startswith(
        "images/cut.jpg is corrupt or truncated"
    )


def flat_grey_lower_half(path: Path) -> None:
    pixels = np.zeros((200, 300), dtype=np.uint8)
    pixels[100:] = 128  # what a decoder fills missing rows with
    Image.fromarray(pixels).save(path, "JPEG")


@pytest.mark.parametrize(
    "make",
    [
        *(
            lambda path, options=options: noise(path, (300, 200), "JPEG", **options)
            for options in JPEGS.values()
        ),
        flat_grey_lower_half,
        lambda path: Image.new("RGB", (64, 64)).save(path, "JPEG", progressive=True),
    ],
    ids=[*JPEGS.keys(), "flat-grey-lower-half", "black-progressive"],
)
def test_a_whole_jpeg_passes(tmp_path: Path, make: Callable[[Path], object]) -> None:
    path = tmp_path / "images" / "whole.jpg"
    path.parent.mkdir()
    make(path)
    assert image_problem(tmp_path, "images/whole.jpg") is None


@pytest.mark.parametrize("size", [(1, 1), (MIN_SIDE - 1, 400), (400, MIN_SIDE - 1)])
def test_an_image_under_the_minimum_side_is_refused_naming_file_row_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: tuple[int, int]
) -> None:
    cases = [case_record(f"{site}-1", site, f"images/{site}.png") for site in SITES]
    root = write_dataset(tmp_path / "data", cases, [])
    Image.new("L", size, 90).save(root / "images" / "hip.png")

    assert main(["validate", str(root)]) == 1

    [line] = capsys.readouterr().out.splitlines()
    assert line == (
        f"{root}/cases.jsonl:3: images.0.path: images/hip.png is {size[0]}x{size[1]} px, "
        f"under the {MIN_SIDE} px per side that a vision encoder's patch grid needs; use a "
        "larger image"
    )


def test_an_image_of_the_minimum_side_passes(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    Image.new("L", (MIN_SIDE, MIN_SIDE), 90).save(tmp_path / "images" / "small.png")
    assert image_problem(tmp_path, "images/small.png") is None


def test_validation_makes_no_copies_and_a_task_one_per_content(dataset: Path) -> None:
    copies = cache_dir() / "images"

    assert main(["validate", str(dataset)]) == 0
    assert not copies.exists()

    case_samples(load_benchmark(dataset), paper_task("IV"), "image", None)
    contents = {path.read_bytes() for path in (dataset / "images").iterdir()}
    assert {path.read_bytes() for path in copies.iterdir()} == contents
