"""`report`, `export` and `probe` check where they write, and `probe --folds`, in one line first."""

from __future__ import annotations

from pathlib import Path

import pytest

from bj_evals.analysis.probe.report import case_images
from bj_evals.cli import main
from bj_evals.importing.sources import load_source

UNWRITABLE = Path("/proc/bj-evals-nowhere")
"""A place no user, root included, can make a folder in."""


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def verbs(out: Path, logs: Path) -> dict[str, list[str]]:
    return {
        "report": ["report", str(logs), "-o", str(out)],
        "probe": ["probe", "hfvlm/not-loaded", "--source", "demo", "-o", str(out)],
    }


@pytest.mark.parametrize("verb", ["report", "probe"])
def test_a_folder_output_that_is_a_file_under_a_file_or_unwritable_is_one_line(
    verb: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "results.md"
    file.write_text("kept", encoding="utf-8")
    err = one_line_error(capsys, verbs(file, tmp_path)[verb])
    assert f"-o {file}: this is a file" in err
    err = one_line_error(capsys, verbs(file / "out", tmp_path)[verb])
    assert f"{file} is a file, so nothing can be written under it" in err
    err = one_line_error(capsys, verbs(UNWRITABLE / "out", tmp_path)[verb])
    assert f"-o {UNWRITABLE / 'out'}: cannot be written" in err
    assert file.read_text(encoding="utf-8") == "kept"


def test_export_to_a_folder_under_a_file_or_an_unwritable_place_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "answers.csv"
    file.write_text("kept", encoding="utf-8")
    export = ["export", str(tmp_path), "-o"]
    assert "this is a folder" in one_line_error(capsys, [*export, str(tmp_path)])
    err = one_line_error(capsys, [*export, str(file / "answers.csv")])
    assert f"{file} is a file, so nothing can be written under it" in err
    err = one_line_error(capsys, [*export, str(UNWRITABLE / "answers.csv")])
    assert "cannot be written" in err
    assert file.read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize("folds", [1, 0, -3, 1000])
def test_probe_folds_below_2_or_above_the_cases_stop_before_the_model_loads(
    folds: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = case_images(load_source("demo"))["case_id"].nunique()
    argv = ["probe", "hfvlm/not-loaded", "--source", "demo", "-o", str(tmp_path / "p")]
    err = one_line_error(capsys, [*argv, "--folds", str(folds)])
    assert f"--folds {folds}:" in err and f"use 2 to {cases}" in err
    assert not (tmp_path / "p").exists()
