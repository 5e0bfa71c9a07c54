"""`bj-evals`: --help and --version without loading Inspect; `validate`: silent and 0 on
good data, one line per problem and 1 otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from bj_evals import cli
from bj_evals.analysis.core import stats
from bj_evals.cli import main
from tests.conftest import case_record, mcq_record, write_dataset

HEAVY = ("inspect_ai", "pandas", "scipy", "statsmodels", "matplotlib", "PIL")


def test_version_names_the_installed_package(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out.strip() == f"bj-evals {version('bj-evals')}"


def test_help_imports_nothing_heavy() -> None:
    """What makes `bj-evals --help` fast (benchmarks/cli_startup.py times it)."""
    probe = (
        "import sys\n"
        "from bj_evals.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=None
    )
    assert "validate" in result.stdout and "export" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_command_line_offers_the_methods_the_statistics_accept() -> None:
    assert cli.INTERVALS == stats.INTERVALS and cli.ADJUSTMENTS == stats.ADJUSTMENTS


def test_valid_data_prints_nothing_on_stdout(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(dataset)]) == 0
    assert capsys.readouterr().out == ""


def test_each_problem_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = case_record("b", "elbow", "images/b.png") | {"labs": ""}
    cases = [bad, case_record("a", "hip", "images/a.png"), case_record("a", "knee", "images/c.png")]
    root = write_dataset(tmp_path, cases, [])
    assert main(["validate", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{root}/cases.jsonl:1: labs: string should have at least 1 character; fill it in",
        f"{root}/cases.jsonl:2: id: 'a' is used 2 times; give each record its own id",
        f"{root}/cases.jsonl:3: id: 'a' is used 2 times; give each record its own id",
    ]


def test_a_directory_seeded_with_every_kind_of_problem_gets_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        case_record("knee-1", "knee", "images/ok.png"),
        case_record("knee-1", "hip", "images/hip.png"),  # duplicate id
        case_record("c3", "neck", "images/c3.png"),  # unknown site
        case_record("c4", "hip", "images/c4.png") | {"history": ""},  # empty text
        case_record("c5", "hip", "images/c5.png")
        | {"images": [{"path": "images/c5.png", "modality": "PET"}]},  # unknown modality
        case_record("c6", "hip", "../outside.png"),  # escapes the directory
    ]
    mcqs = [
        mcq_record("q1", "I", options=["a", "b", "c", "d"]),  # four options
        mcq_record("q2", "I", answer="F"),  # answer not among A-E
        mcq_record("q3", "I", case_id="nobody"),  # unknown case
    ]
    root = write_dataset(tmp_path / "data", cases[:5], mcqs)
    with (root / "cases.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(cases[5]) + "\n")
    (root / "images" / "hip.png").write_bytes(b"\x89PNG broken")  # corrupt
    with (root / "mcqs.jsonl").open("ab") as handle:
        handle.write(b'{"id": "q4", "stem": "caf\xe9"}\n')  # not UTF-8

    assert main(["validate", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = [
        "cases.jsonl:3: site:",
        "cases.jsonl:4: history:",
        "cases.jsonl:5: images.0.modality:",
        "cases.jsonl:6: images.0.path: ../outside.png escapes",
        "mcqs.jsonl:1: options:",
        "mcqs.jsonl:2: answer:",
        "mcqs.jsonl:4: text: not UTF-8",
        "cases.jsonl:1: id: 'knee-1' is used 2 times",
        "cases.jsonl:2: id: 'knee-1' is used 2 times",
        "mcqs.jsonl:3: case_id: no case has id 'nobody'",
        "cases.jsonl:2: images.0.path: images/hip.png is corrupt",
    ]
    assert len(lines) == len(expected)
    for start in expected:
        assert any(line.startswith(f"{root}/{start}") for line in lines), start


def test_validate_says_in_one_line_which_tasks_a_directory_can_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        case_record("knee-1", "knee", "images/k1.png"),
        case_record("hip-1", "hip", "images/h1.png"),
        case_record("hip-2", "hip", "images/h2.png"),
    ]
    for case in cases[1:]:
        del case["expert_treatment_plan"]
    del cases[2]["radiology_report"]
    root = write_dataset(tmp_path, cases, [mcq_record("kr-1", "I")])
    assert main(["validate", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{root}: can run tasks I, IV, V, VII, VIII; not II (no task II questions), not III "
        "(no task III questions), not VI (expert_treatment_plan missing in 2 of 3 cases, first "
        "at cases.jsonl:2); IV-VII only with images (radiology_report missing in 1 of 3 cases, "
        "first at cases.jsonl:3)"
    ]


def test_validate_of_a_cases_only_directory_names_the_question_tasks_it_cannot_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [case_record("knee-1", "knee", "images/k1.png"), case_record("hip-1", "hip", "h.png")]
    root = write_dataset(tmp_path, cases, [])
    assert main(["validate", str(root)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{root}: can run tasks IV, V, VI, VII, VIII; not I (no task I questions), not II (no "
        "task II questions), not III (no task III questions)"
    ]
