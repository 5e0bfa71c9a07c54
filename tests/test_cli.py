"""`bj-evals validate`: silent and 0 on good data, one line per problem and 1 otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from bj_evals.cli import main
from tests.conftest import case_record, write_dataset


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
