"""The labelling loop (`export` -> `human_verdict` filled in -> `agreement --human`) cannot mislead:
a label is compared only with the answer it was given for, labels are never overwritten,
a duplicate counts once, the judge's verdict is the documented majority, and no cell runs
as a formula."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.log import read_eval_log
from statsmodels.stats.inter_rater import fleiss_kappa

from bj_evals import diagnosis_generation, diagnostic_reasoning
from bj_evals.analysis import agreement, majority, read_labels, read_logs
from bj_evals.cli import main
from tests.helpers import Call, Scripted, reply, verdict

CASES = ("knee-1", "knee-2", "shoulder-1", "shoulder-2", "hip-1", "hip-2")


def case_of(call: Call) -> str:
    return next(case for case in CASES if f"case {case}." in call.text)


def grader(repeats: dict[str, list[str]]) -> Scripted:
    """A grader giving, per case, the n-th verdict on the n-th repeat."""

    def respond(call: Call) -> Any:
        if call.is_format_check:
            return verdict(verdict="Correct", explanation="format check")
        return verdict(verdict=repeats[case_of(call)][call.repeat], explanation="scripted")

    return Scripted(respond)


def run_iv(
    dataset: Path,
    logs: Path,
    answer: Callable[[str], str],
    graders: list[Scripted],
    grader_name: str = "g",
    **args: Any,
) -> Path:
    """Task IV into `logs`, the model answering `answer(case)`; returns the log file."""
    models = [g.model(f"mockllm/{grader_name}{n}") for n, g in enumerate(graders, 1)]
    [log] = eval(
        diagnosis_generation,
        task_args={"source": str(dataset), **args},
        model=Scripted(lambda call: reply(answer(case_of(call)))).model(),
        model_roles={"grader": models if len(models) > 1 else models[0]},
        log_dir=str(logs),
        display="none",
    )
    return Path(log.location)


def exported(logs: Path, out: Path) -> pd.DataFrame:
    assert main(["export", str(logs), "-o", str(out)]) == 0
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False)
    rows: pd.DataFrame = sheet[sheet["paper_task"] == "IV"].copy()
    return rows


def copy_judge(sheet: pd.DataFrame) -> pd.DataFrame:
    """Labels that repeat the sheet's own `judge_verdict`: agreement must be total."""
    labels: pd.DataFrame = sheet.assign(human_verdict=sheet["judge_verdict"])
    return labels


def agreement_out(logs: Path, labels: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["agreement", str(logs), "--human", str(labels)]) == 0
    return capsys.readouterr().out


MIXED = {
    "knee-1": ["Correct"] * 3, "knee-2": ["Correct", "Incorrect", "Correct"],
    "shoulder-1": ["Incorrect"] * 3, "shoulder-2": ["Unclear", "Incorrect", "Incorrect"],
    "hip-1": ["Correct", "Incorrect", "Unclear"], "hip-2": ["Incorrect", "Incorrect", "Correct"],
}  # fmt: skip


def test_a_label_is_compared_only_with_the_answer_it_was_given_for(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    first = run_iv(dataset, logs, lambda case: f"First answer on {case}.", [grader(MIXED)])
    labels = tmp_path / "labelled.csv"
    copy_judge(exported(logs, tmp_path / "answers.csv")).to_csv(labels, index=False)
    harsh = grader({case: ["Incorrect"] * 3 for case in CASES})
    run_iv(dataset, logs, lambda case: f"Second answer on {case}.", [harsh])

    out = agreement_out(logs, labels, capsys)  # the labelled run is still in the folder
    assert "items compared: 6" in out and "percent agreement: 100.0%" in out
    assert f"of which 6 in {first}, the labelled run, which a later run of it superseded" in out

    first.unlink()  # only the new answers are left: nothing to compare
    out = agreement_out(logs, labels, capsys)
    assert "items compared: 0" in out
    assert "labels set aside, not compared: 6 (answer changed since it was labelled 6)" in out


def test_labels_of_one_eval_set_over_two_tasks_and_two_models_all_find_their_answers(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"

    def answerer(n: int) -> Scripted:
        return Scripted(lambda call: reply(f"Model {n} on {case_of(call)}."))

    answerers = [answerer(n).model(f"mockllm/m{n}") for n in (1, 2)]
    eval(
        [diagnosis_generation, diagnostic_reasoning],
        task_args={"source": str(dataset)},
        model=answerers,
        model_roles={"grader": grader(MIXED).model("mockllm/g")},
        log_dir=str(logs),
        display="none",
    )  # one run id for all four logs, and the same sample ids in each
    assert main(["export", str(logs), "-o", str(tmp_path / "answers.csv")]) == 0
    sheet = pd.read_csv(tmp_path / "answers.csv", dtype=str, keep_default_na=False)
    assert sheet["run_id"].nunique() == 1 and len(sheet) == 4 * len(CASES)
    copy_judge(sheet).to_csv(tmp_path / "labelled.csv", index=False)

    out = agreement_out(logs, tmp_path / "labelled.csv", capsys)
    assert f"items compared: {4 * len(CASES)}" in out and "percent agreement: 100.0%" in out
    assert "set aside" not in out


def test_a_label_whose_answer_text_changed_is_set_aside(dataset: Path, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    run_iv(dataset, logs, lambda case: f"An answer on {case}.", [grader(MIXED)])
    sheet = copy_judge(exported(logs, tmp_path / "answers.csv"))
    digest = [hashlib.sha256(a.encode()).hexdigest()[:12] for a in sheet["answer"]]
    assert list(sheet["answer_hash"]) == [f"sha256:{d}" for d in digest]
    sheet.loc[sheet["id"] == "knee-1", "answer_hash"] = "sha256:" + "0" * 12
    sheet.loc[sheet["id"] == "knee-2", "id"] = "elbow-9"
    sheet.to_csv(tmp_path / "labelled.csv", index=False)
    result = agreement(read_logs([logs]), read_labels(tmp_path / "labelled.csv"))
    assert result.n == 4 and result.percent_agreement == 1.0
    assert result.set_aside == {
        "answer changed since it was labelled": ["mockllm/model/diagnosis_generation/knee-1#1"],
        "no such answer in these logs": ["mockllm/model/diagnosis_generation/elbow-9#1"],
    }


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_never_overwrites_labels_and_asks_before_replacing_a_file(
    dataset: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    run_iv(dataset, logs, lambda case: "An answer.", [grader(MIXED)])
    sheet = tmp_path / f"answers{suffix}"
    assert main(["export", str(logs), "-o", str(sheet)]) == 0
    assert main(["export", str(logs), "-o", str(sheet)]) == 1
    assert "exists; add --force to overwrite it" in capsys.readouterr().err
    assert main(["export", str(logs), "-o", str(sheet), "--force"]) == 0

    if suffix == ".csv":
        filled = pd.read_csv(sheet, dtype=str, keep_default_na=False)
        filled.loc[0, "human_verdict"] = "Correct"
        filled.to_csv(sheet, index=False)
    else:
        filled = pd.read_excel(sheet, dtype=str, keep_default_na=False)
        filled.loc[0, "human_verdict"] = "Correct"
        filled.to_excel(sheet, index=False)
    before = sheet.read_bytes()
    capsys.readouterr()
    assert main(["export", str(logs), "-o", str(sheet), "--force"]) == 1
    assert "holds 1 human verdicts; it is never overwritten" in capsys.readouterr().err
    assert sheet.read_bytes() == before


def test_a_duplicate_label_counts_once_and_contradicting_ones_are_set_aside(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    run_iv(dataset, logs, lambda case: "An answer.", [grader(MIXED)])
    sheet = copy_judge(exported(logs, tmp_path / "answers.csv"))
    twice = tmp_path / "twice.csv"
    pd.concat([sheet, sheet]).to_csv(twice, index=False)
    out = agreement_out(logs, twice, capsys)
    assert "items compared: 6" in out and "percent agreement: 100.0%" in out

    other = sheet[sheet["id"] == "knee-1"].assign(human_verdict="Incorrect")
    pd.concat([sheet, other]).to_csv(twice, index=False)
    out = agreement_out(logs, twice, capsys)
    assert "items compared: 5" in out and "percent agreement: 100.0%" in out
    assert "labels set aside, not compared: 2 (one answer, different labels 2)" in out


def test_the_majority_is_more_than_half_of_the_repeats() -> None:
    assert majority(["Correct", "Correct", "Incorrect", "Unclear"]) == "Unclear"
    assert majority(["Correct", "Correct", "Correct", "Unclear"]) == "Correct"
    assert majority(["detected", "not detected"], "not detected") == "not detected"


def test_labels_copied_from_the_sheet_agree_fully_with_four_repeats(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repeats = {
        case: {"knee": ["Correct", "Correct", "Incorrect", "Unclear"],
               "shoulder": ["Correct", "Correct", "Correct", "Incorrect"],
               "hip": ["Incorrect", "Incorrect", "Incorrect", "Correct"]}[case.split("-")[0]]
        for case in CASES
    }  # fmt: skip
    logs = tmp_path / "logs"
    log = run_iv(dataset, logs, lambda case: "An answer.", [grader(repeats)], judge_repeats=4)
    sheet = copy_judge(exported(logs, tmp_path / "answers.csv"))
    logged = {
        s.id: (next(iter((s.scores or {}).values())).metadata or {})["verdict"]
        for s in read_eval_log(str(log)).samples or []
    }
    assert logged["knee-1"] == "no majority"
    assert set(sheet.loc[sheet["id"].str.startswith("knee"), "judge_verdict"]) == {"Unclear"}
    sheet.to_csv(tmp_path / "labelled.csv", index=False)
    out = agreement_out(logs, tmp_path / "labelled.csv", capsys)
    assert "percent agreement: 100.0%" in out
    assert "Cohen's kappa (judge majority vs human): 1.000" in out


def test_a_panel_is_read_by_its_majority_and_its_fleiss_kappa_is_among_graders(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = {case: ["Incorrect", "Incorrect", "Correct"] for case in CASES}
    logs = tmp_path / "logs"
    run_iv(dataset, logs, lambda case: "An answer.", [grader(MIXED), grader(second)])
    sheet = copy_judge(exported(logs, tmp_path / "answers.csv"))
    sheet.to_csv(tmp_path / "labelled.csv", index=False)
    result = agreement(read_logs([logs]), read_labels(tmp_path / "labelled.csv"))
    assert result.n == 6 and result.percent_agreement == 1.0
    # each grader's majority, no majority counting as Unclear; the graders are the raters
    own = [[majority(MIXED[case]), "Incorrect"] for case in CASES]
    table = np.array([[row.count(v) for v in ("Correct", "Incorrect", "Unclear")] for row in own])
    assert result.fleiss_raters == "graders" and result.fleiss_n == 6
    assert result.fleiss_kappa == pytest.approx(fleiss_kappa(table, method="fleiss"))
    out = agreement_out(logs, tmp_path / "labelled.csv", capsys)
    assert "Fleiss' kappa among the panel's graders (each grader's majority)" in out


FORMULAS = {
    "knee-1": '=HYPERLINK("http://example.com","click")', "knee-2": "+cmd|' /C calc'!A0",
    "shoulder-1": "-2+3", "shoulder-2": "@SUM(A1)", "hip-1": "\tTabbed", "hip-2": "\rReturned",
}  # fmt: skip


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(
    dataset: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    run_iv(dataset, logs, lambda case: FORMULAS[case], [grader(MIXED)])
    out = tmp_path / f"answers{suffix}"
    assert main(["export", str(logs), "-o", str(out)]) == 0
    if suffix == ".csv":
        with out.open(encoding="utf-8", newline="") as handle:
            rows = [r for r in csv.DictReader(handle) if r["paper_task"] == "IV"]
        assert {r["id"]: r["answer"] for r in rows} == {k: "'" + v for k, v in FORMULAS.items()}
    else:
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        sheet = load_workbook(out)["answers"]
        header = [cell.value for cell in sheet[1]]
        cells = [row[header.index("answer")] for row in sheet.iter_rows(min_row=2)]
        assert {cell.data_type for cell in cells if str(cell.value)[:1] in "=+-@\t\r"} == {"s"}
        read = pd.read_excel(out, dtype=str, keep_default_na=False)
        read = read[read["paper_task"] == "IV"]
        # XML keeps a carriage return as a line feed
        expected = {k: v.replace("\r", "\n") for k, v in FORMULAS.items()}
        assert dict(zip(read["id"], read["answer"], strict=True)) == expected
    filled = tmp_path / f"labelled{suffix}"
    sheet_read = pd.read_csv if suffix == ".csv" else pd.read_excel
    labels = copy_judge(sheet_read(out, dtype=str, keep_default_na=False))
    if suffix == ".csv":  # pandas leaves a lone carriage return unquoted unless told
        labels.to_csv(filled, index=False, quoting=csv.QUOTE_ALL)
    else:
        labels.to_excel(filled, index=False)
    assert "items compared: 6" in agreement_out(logs, filled, capsys)


def test_each_epoch_is_its_own_answer(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, int] = {}

    def answer(case: str) -> str:
        seen[case] = seen.get(case, 0) + 1
        return f"{'Good' if seen[case] == 1 else 'Poor'} answer on {case}."

    def respond(call: Call) -> Any:
        word = "Correct" if call.is_format_check or "Good answer" in call.text else "Incorrect"
        return verdict(verdict=word, explanation="scripted")

    logs = tmp_path / "logs"
    models = Scripted(lambda call: reply(answer(case_of(call))))
    eval(
        diagnosis_generation, task_args={"source": str(dataset)}, model=models.model(),
        model_roles={"grader": Scripted(respond).model()}, epochs=2, log_dir=str(logs),
        display="none",
    )  # fmt: skip
    sheet = copy_judge(exported(logs, tmp_path / "answers.csv"))
    assert len(sheet) == 12 and set(sheet["epoch"]) == {"1", "2"}
    sheet.to_csv(tmp_path / "labelled.csv", index=False)
    out = agreement_out(logs, tmp_path / "labelled.csv", capsys)
    assert "items compared: 12" in out and "percent agreement: 100.0%" in out

    # a label moved to the other epoch names an answer with another text
    sheet.loc[sheet["epoch"] == "1", "epoch"] = "2"
    sheet[sheet["answer"].str.startswith("Good")].to_csv(tmp_path / "moved.csv", index=False)
    out = agreement_out(logs, tmp_path / "moved.csv", capsys)
    assert "items compared: 0" in out
    assert "6 (answer changed since it was labelled 6)" in out

    plain = tmp_path / "plain.csv"
    plain.write_text("id,verdict\nknee-1,Correct\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["agreement", str(logs), "--human", str(plain)]) == 1
    assert (
        "several answers with the sample id knee-1: add a column epoch" in capsys.readouterr().err
    )


def test_a_label_on_a_task_the_judge_does_not_grade_is_set_aside(
    dataset: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    run_iv(dataset, logs, lambda case: "An answer.", [grader(MIXED)])
    sheet = copy_judge(exported(logs, tmp_path / "answers.csv"))
    mcq = sheet.iloc[:1].assign(paper_task="I", task="knowledge_recall", id="kr-1")
    pd.concat([sheet, mcq]).to_csv(tmp_path / "labelled.csv", index=False)
    result = agreement(read_logs([logs]), read_labels(tmp_path / "labelled.csv"))
    assert result.n == 6
    assert result.set_aside == {
        "a task these verdicts do not grade": ["mockllm/model/knowledge_recall/kr-1#1"]
    }


def test_a_rerun_that_gave_the_same_answer_keeps_its_label(dataset: Path, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    first = run_iv(dataset, logs, lambda case: f"Same answer on {case}.", [grader(MIXED)])
    copy_judge(exported(logs, tmp_path / "answers.csv")).to_csv(tmp_path / "l.csv", index=False)
    harsh = grader({case: ["Incorrect"] * 3 for case in CASES})
    run_iv(dataset, logs, lambda case: f"Same answer on {case}.", [harsh], "harsh")
    first.unlink()
    result = agreement(read_logs([logs]), read_labels(tmp_path / "l.csv"))
    # the same text, judged again in the run used: compared with that run's verdicts
    assert result.n == 6 and result.set_aside == {}
    assert result.confusion["Incorrect"].sum() == 6
