"""`bj-evals report` from real Inspect logs of scripted runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval

from bj_evals import diagnosis_generation, knowledge_recall
from bj_evals.analysis.summary import read_rows, to_markdown
from bj_evals.cli import main
from tests.helpers import Scripted, judge_verdicts, reply


@pytest.fixture
def logs(dataset: Path, tmp_path: Path) -> Path:
    log_dir = tmp_path / "runs"
    grader = judge_verdicts("Correct", "Incorrect", "Incorrect")
    eval(
        [knowledge_recall, diagnosis_generation],
        task_args={"source": str(dataset)},
        model=Scripted(lambda call: reply("ANSWER: A")).model(),
        model_roles={"grader": grader.model()},
        log_dir=str(log_dir),
        display="none",
    )
    return log_dir


def test_one_row_per_log_in_the_paper_order(logs: Path) -> None:
    rows, skipped = read_rows([logs])
    assert [(row.bj_task, row.samples) for row in rows] == [("I", 2), ("IV", 6)]
    assert rows[0].score == pytest.approx(0.5)  # kr-1's answer is A, kr-2's is C
    assert rows[1].score == pytest.approx(1 / 3)
    assert rows[1].imaging == "image" and rows[1].grader == "mockllm/model"
    assert rows[0].grader == "" and skipped == []


def test_the_report_prints_a_table(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(logs)]) == 0
    table = capsys.readouterr().out
    assert "| knowledge_recall | I | mockllm/model | text | 2 | 50.0% |" in table
    assert "| diagnosis_generation | IV | mockllm/model | image | 6 | 33.3% |" in table
    assert "stand-in" not in to_markdown(read_rows([logs])[0])


def test_the_report_names_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "nowhere")]) == 1
    assert "no such log directory" in capsys.readouterr().err
