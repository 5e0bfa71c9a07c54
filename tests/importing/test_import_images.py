"""`bj-evals import` and images: exact matching to cases, and nothing read or written outside."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from bj_evals.cli import main
from bj_evals.data.records import load_benchmark
from bj_evals.importing.importer import import_dataset
from tests.importing.hub_fixture import case_row, draw, question_row, write_table


def tree(root: Path) -> dict[str, str]:
    """Every path under `root` with a digest of its content (or link target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[str(path)] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(path)] = "dir"
    return found


def image_paths(out: Path) -> dict[str, list[str]]:
    return {case.id: [image.path for image in case.images] for case in load_benchmark(out).cases}


def test_images_go_to_the_case_whose_id_is_the_whole_stem_or_before_an_underscore(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    rows = [case_row(case_id, Modality="CT") for case_id in ("P1", "P1-2", "P10")]
    write_table(src / "cases.csv", rows)
    for name in ("P1.png", "P1_2_mri.png", "P1-2_mri.png", "P10_xray.png", "P1-2.png"):
        draw(src / "knee" / name)
    out = import_dataset(src, tmp_path / "out")
    assert image_paths(out) == {
        "P1": ["images/knee/P1.png", "images/knee/P1_2_mri.png"],
        "P1-2": ["images/knee/P1-2.png", "images/knee/P1-2_mri.png"],
        "P10": ["images/knee/P10_xray.png"],
    }


def test_an_image_name_that_fits_two_case_ids_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    write_table(src / "cases.csv", [case_row("P1"), case_row("P1_2")])
    draw(src / "knee" / "P1_2_xray.png")
    draw(src / "knee" / "P1_xray.png")
    assert main(["import", str(src), "--to", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{src}/cases.csv:2: images: knee/P1_2_xray.png fits the ids of cases P1 and P1_2; list "
        "each case's images in an Images column",
    ]


def test_an_image_in_another_sites_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    write_table(src / "cases.csv", [case_row("K1")])
    draw(src / "2hip" / "K1_xray.png")
    assert main(["import", str(src), "--to", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{src}/cases.csv:2: images: 2hip/K1_xray.png is in a hip folder but case K1 is a knee "
        "case; move the file or fix the site",
    ]


def test_a_bare_file_name_is_found_anywhere_in_the_source_without_nesting(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_table(src / "cases.csv", [case_row("K1", Images="IMG_0001.png", Modality="MRI")])
    draw(src / "images" / "IMG_0001.png")
    out = import_dataset(src, tmp_path / "out")
    assert image_paths(out) == {"K1": ["images/IMG_0001.png"]}
    assert (out / "images" / "IMG_0001.png").is_file()


def test_a_bare_file_name_shared_by_two_files_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    write_table(src / "cases.csv", [case_row("K1") | {"Images": "IMG_0001.png"}])
    draw(src / "images" / "IMG_0001.png")
    draw(src / "old" / "IMG_0001.png", shade=20)
    assert main(["import", str(src), "--to", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{src}/cases.csv:2: Images (images): IMG_0001.png is the name of 2 files "
        "(images/IMG_0001.png, old/IMG_0001.png); give its path under the source directory",
    ]


def test_a_symlink_inside_the_source_is_copied_as_its_target(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_table(src / "cases.csv", [case_row("K1") | {"Images": "knee/K1_xray.png"}])
    draw(src / "store" / "scan.png")
    (src / "knee").mkdir()
    (src / "knee" / "K1_xray.png").symlink_to("../store/scan.png")
    out = import_dataset(src, tmp_path / "out")
    copied = out / "images" / "knee" / "K1_xray.png"
    assert not copied.is_symlink()
    assert copied.read_bytes() == (src / "store" / "scan.png").read_bytes()


def hostile_cell(src: Path, outside: Path, kind: str) -> str:
    """An image cell that points out of the source directory (or at the output)."""
    if kind == "parent":
        return "../x/payload.png"
    if kind == "deep parent":
        return "../../x/payload.png"
    if kind == "absolute":
        return str(outside)
    if kind == "absolute inside":
        return str(draw(src / "knee" / "inside.png"))
    if kind == "into the output":
        return "../out/images/knee/K1_xray.png"
    (src / "knee" / "linked.png").symlink_to(outside)
    return "knee/linked.png"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("parent", "../x/payload.png leaves the source directory; "),
        ("deep parent", "../../x/payload.png leaves the source directory; "),
        ("absolute", "is an absolute path; "),
        ("absolute inside", "is an absolute path; "),
        ("into the output", "../out/images/knee/K1_xray.png leaves the source directory; "),
        ("symlink out", "knee/linked.png is a symlink to a file outside the source directory; "),
    ],
)
def test_an_image_path_out_of_the_source_is_an_error_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, message: str
) -> None:
    src = tmp_path / "a" / "src" if kind == "deep parent" else tmp_path / "src"
    draw(src / "knee" / "K1_xray.png")
    cell = hostile_cell(src, draw(tmp_path / "x" / "payload.png"), kind)
    write_table(src / "cases.csv", [case_row("K1") | {"Images": f"knee/K1_xray.png; {cell}"}])
    out = src.parent / "out"
    out.mkdir()  # an empty --to, as a user may create
    before = tree(tmp_path)

    assert main(["import", str(src), "--to", str(out)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{src}/cases.csv:2: Images (images): ")
    assert message in line
    assert tree(tmp_path) == before


def test_a_question_image_out_of_the_source_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    draw(tmp_path / "x" / "payload.png")
    write_table(src / "task3.csv", [question_row("q1", Image="../x/payload.png")])
    assert main(["import", str(src), "--to", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{src}/task3.csv:2: Image (image): ../x/payload.png leaves the source directory; give "
        "a path or file name inside it",
    ]
