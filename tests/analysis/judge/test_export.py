"""`bj-evals export`: one row per answer, with what the model saw, the reference, the answer,
every grader call and an empty column for the human verdict."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from inspect_ai.log import read_eval_log

from bj_evals.analysis import export_answers, read_logs
from bj_evals.cli import main
from bj_evals.errors import BJEvalsError

REPEAT_COLUMNS = ["grader_1", "verdict_1", "failure_1", "explanation_1", "error_1", "text_driven_1"]


def test_every_answer_is_a_row_with_its_question_reference_answer_and_verdicts(
    three_model_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "answers.csv"
    assert main(["export", str(three_model_logs), "-o", str(out)]) == 0
    assert "fill in human_verdict" in capsys.readouterr().err
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False)
    logs = [read_eval_log(str(path)) for path in sorted(three_model_logs.glob("*.eval"))]
    assert len(sheet) == sum(len(log.samples or []) for log in logs)
    assert list(sheet.columns[:18]) == [
        "task", "paper_task", "model", "id", "epoch", "run_id", "answer_hash", "case_id", "site", "disease", "status", "error",
        "question", "reference", "answer", "score", "judge_verdict", "failure",
    ]  # fmt: skip
    assert set(REPEAT_COLUMNS) <= set(sheet.columns) and "verdict_3" in sheet.columns
    assert sheet.columns[-1] == "human_verdict" and set(sheet["human_verdict"]) == {""}

    log = next(
        log
        for log in logs
        if log.eval.model == "mockllm/median" and log.eval.task.endswith("diagnosis_generation")
    )
    sample = log.samples[0]  # type: ignore[index]
    row = sheet[
        (sheet["model"] == "mockllm/median")
        & (sheet["paper_task"] == "IV")
        & (sheet["id"] == sample.id)
    ].iloc[0]
    assert row["reference"] == sample.target
    assert row["answer"] == sample.output.completion
    assert "What is the diagnosis?" in row["question"] and "[image]" in row["question"]
    assert sample.messages[0].text in row["question"]
    [score] = sample.scores.values()  # type: ignore[union-attr]
    repeats = score.metadata["repeats"]  # type: ignore[index]
    for n in (1, 2, 3):
        assert row[f"verdict_{n}"] == score.metadata["verdicts"][n - 1]  # type: ignore[index]
        assert row[f"explanation_{n}"] == repeats[n - 1]["verdict"]["explanation"]
    mcq = sheet[(sheet["paper_task"] == "I") & (sheet["model"] == "mockllm/novice")].iloc[0]
    assert mcq["judge_verdict"] == "Incorrect" and mcq["verdict_1"] == ""
    mismatch = sheet[(sheet["paper_task"] == "VIII") & (sheet["model"] == "mockllm/novice")].iloc[0]
    assert mismatch["verdict_1"] == "not detected" and mismatch["text_driven_1"] == "True"


def test_the_xlsx_sheet_holds_the_same_rows(three_model_logs: Path, tmp_path: Path) -> None:
    logs = read_logs([three_model_logs], samples=False)
    rows = export_answers(logs, tmp_path / "answers.xlsx")
    sheet = pd.read_excel(tmp_path / "answers.xlsx", dtype=str, keep_default_na=False)
    assert len(sheet) == rows and sheet.columns[-1] == "human_verdict"


def test_an_unknown_suffix_is_refused(three_model_logs: Path, tmp_path: Path) -> None:
    with pytest.raises(BJEvalsError, match=r"answers.json: name the file .csv or .xlsx"):
        export_answers(read_logs([three_model_logs], samples=False), tmp_path / "answers.json")
