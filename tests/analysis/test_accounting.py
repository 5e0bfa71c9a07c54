"""Every sample accounted for: errored samples and grader failures shown and flagged, never
charged to the model or silently dropped from n; text that cannot break a Markdown row."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from inspect_ai.model import ModelOutput

from bj_evals import diagnosis_generation
from bj_evals.analysis import accuracy_table, read_logs
from bj_evals.cli import main
from tests.analysis.conftest import correct_grader, run_task
from tests.conftest import case_record, write_dataset
from tests.helpers import Call, reply, verdict


def fails_on_knee(call: Call) -> ModelOutput:
    if "knee patient" in call.text:
        raise RuntimeError("the provider returned 500")
    return reply("An answer.")


def no_verdict_after_the_check(call: Call) -> ModelOutput:
    if call.is_format_check:
        return verdict(verdict="Correct", explanation="format check")
    return reply("I would rather not use the tool.")


def test_errored_samples_are_counted_in_their_row_and_flagged(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    run_task(
        diagnosis_generation, logs, fails_on_knee, correct_grader, source=str(dataset),
        fail_on_error=False,
    )  # fmt: skip
    [row] = accuracy_table(read_logs([logs]).samples).to_dict("records")
    assert (row["samples"], row["errored"], row["n"], row["accuracy"]) == (6, 2, 4, 1.0)

    assert main(["report", str(logs), "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "flagged: IV diagnosis_generation, model: 2 of 6 samples errored (33.3%)" in captured.err
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    top = markdown.split("## Accuracy")[0]
    assert "## 1 flagged (above 5%)" in top and "2 of 6 samples errored" in top
    assert "| ⚠ 2 of 6 |" in captured.out
    assert "4 scored, 2 errored and 0 unscored samples" in markdown


def test_the_flag_threshold_is_configurable(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    run_task(
        diagnosis_generation, logs, fails_on_knee, correct_grader, source=str(dataset),
        fail_on_error=False,
    )  # fmt: skip
    assert main(["report", str(logs), "-o", str(tmp_path / "out"), "--flag-above", "0.5"]) == 0
    assert "flagged" not in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", str(logs), "-o", str(tmp_path / "out"), "--flag-above", "2"])
    assert "give a share from 0 to 1" in capsys.readouterr().err


def test_a_grader_that_never_gave_a_verdict_is_flagged_and_scores_nothing(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    answer = lambda call: reply("An answer.")  # noqa: E731
    run_task(diagnosis_generation, logs, answer, no_verdict_after_the_check, source=str(dataset))
    [row] = accuracy_table(read_logs([logs]).samples).to_dict("records")
    assert (row["n"], row["unscored"], row["grader_failed"]) == (0, 6, 1.0)
    assert row["accuracy"] != row["accuracy"]  # NaN: no score, not 0%

    assert main(["report", str(logs), "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert (
        "the grader gave no verdict on 100.0% of its calls; 6 samples left unscored" in captured.err
    )
    line = next(line for line in captured.out.splitlines() if "diagnosis_generation" in line)
    assert "| no score |" in line and "⚠ 100.0%, 6 unscored" in line
    assert "0.0%" not in line.split("|")[5]


def test_any_grader_failure_is_marked_in_its_row(dataset: Path, tmp_path: Path) -> None:
    logs = tmp_path / "logs"

    def second_repeat_fails(call: Call) -> ModelOutput:
        if not call.is_format_check and call.repeat == 1 and "knee-1" in call.text:
            return reply("no tool call")
        return correct_grader(call)

    run_task(
        diagnosis_generation, logs, lambda c: reply("A."), second_repeat_fails, source=str(dataset)
    )
    [row] = accuracy_table(read_logs([logs]).samples).to_dict("records")
    assert row["grader_failed"] == pytest.approx(1 / 18) and row["n"] == 6
    assert main(["report", str(logs), "-o", str(tmp_path / "out")]) == 0
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "| ⚠ 5.6% |" in markdown and "## 1 flagged" in markdown


def test_a_pipe_or_line_break_in_a_name_does_not_break_a_markdown_row(tmp_path: Path) -> None:
    cases = [
        case_record("knee-1", "knee", "images/k1.png")
        | {"disease": "meniscal tear | medial\nposterior horn"},
        case_record("knee-2", "knee", "images/k2.png"),
    ]
    data = write_dataset(tmp_path / "data", cases, [])
    logs = tmp_path / "logs"
    run_task(diagnosis_generation, logs, lambda c: reply("A."), correct_grader, source=str(data))
    assert main(["report", str(logs), "-o", str(tmp_path / "out")]) == 0
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    disease = markdown.split("## By disease")[1].split("##")[0]
    rows = [line for line in disease.splitlines() if line.startswith("|")]
    cells = [len(re.split(r"(?<!\\)\|", row)) for row in rows]
    assert len(set(cells)) == 1, rows
    assert "meniscal tear \\| medial posterior horn" in disease
    assert (
        pd.read_csv(tmp_path / "out" / "by_disease.csv")["disease"]
        .str.contains("|", regex=False)
        .any()
    )
