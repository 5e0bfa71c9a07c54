"""Which runs a report uses: complete before partial, re-runs before their predecessors,
runs with other options as rows of their own, and comparisons only over shared samples."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import ModelOutput
from inspect_ai.scorer import match

from bj_evals import diagnosis_generation, knowledge_recall
from bj_evals.analysis import accuracy_table, compare_models, read_logs
from bj_evals.cli import main
from tests.analysis.conftest import correct_grader, run_task
from tests.conftest import case_record, mcq_record, write_dataset
from tests.helpers import Call, Scripted, reply, verdict


def answer_a(call: Call) -> ModelOutput:
    return reply("ANSWER: A")


def test_a_limit_run_never_replaces_the_full_run_and_is_named_as_set_aside(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    full = run_task(knowledge_recall, logs, answer_a, source=str(dataset))
    smoke = run_task(knowledge_recall, logs, answer_a, source=str(dataset), limit=1)
    result = read_logs([logs])
    assert [run.file for run in result.runs] == [str(full)]
    [aside] = result.set_aside
    assert aside.file == str(smoke) and aside.reason.startswith("partial run")
    assert full.name in aside.reason and "2 of 2 samples" in aside.reason


def test_a_report_over_a_full_run_a_limit_run_and_other_options_says_what_it_used(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    answer = lambda call: reply("An answer.")  # noqa: E731
    run_task(diagnosis_generation, logs, answer, correct_grader, source=str(dataset))
    smoke = run_task(
        diagnosis_generation, logs, answer, correct_grader, source=str(dataset), limit=1
    )
    run_task(
        diagnosis_generation, logs, answer, correct_grader, source=str(dataset), judge_repeats=1
    )
    assert main(["report", str(logs), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"set aside {smoke}: partial run of the same configuration" in err
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert list(results["model"]) == ["mockllm/model", "mockllm/model (judge_repeats=1)"]
    assert list(results["n"]) == [6, 6]
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert f"{smoke.name} (diagnosis_generation, mockllm/model): partial run" in markdown
    assert "not compared: the runs were scored differently (judge_repeats)" in markdown


def test_a_rerun_of_the_same_configuration_replaces_the_earlier_run(
    dataset: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    first = run_task(knowledge_recall, logs, lambda call: reply("ANSWER: E"), source=str(dataset))
    rerun = run_task(knowledge_recall, logs, answer_a, source=str(dataset))
    result = read_logs([logs])
    assert [run.file for run in result.runs] == [str(rerun)]
    assert [(a.file, a.reason.split(";")[0]) for a in result.set_aside] == [
        (str(first), "earlier run of the same configuration")
    ]
    assert result.superseded == [str(first)]


def test_runs_with_other_options_are_separate_rows_labelled_by_what_differs(
    dataset: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    answer = lambda call: reply("An answer.")  # noqa: E731
    run_task(diagnosis_generation, logs, answer, correct_grader, source=str(dataset))
    run_task(
        diagnosis_generation, logs, answer, correct_grader, source=str(dataset), judge_repeats=1
    )
    result = read_logs([logs])
    assert result.set_aside == []
    table = accuracy_table(result.samples)
    assert list(table["model"]) == ["mockllm/model", "mockllm/model (judge_repeats=1)"]
    assert list(table["n"]) == [6, 6]
    # scored differently: the two rows are not tested against each other
    [comparison] = compare_models(result.samples)
    assert (
        comparison.statistic is None and "scored differently (judge_repeats)" in comparison.reason
    )


def test_models_are_compared_only_over_the_samples_they_share_and_the_report_says_so(
    dataset: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    good = Scripted(lambda call: reply("ANSWER: B"))
    run_task(knowledge_recall, logs, good, source=str(dataset), name="mockllm/full")
    run_task(knowledge_recall, logs, answer_a, source=str(dataset), name="mockllm/partial", limit=1)
    [comparison] = compare_models(read_logs([logs]).samples)
    assert comparison.n_shared == 1
    assert comparison.n_each == {"full": 2, "partial": 1}
    assert "too few to compare" in comparison.reason

    run_task(knowledge_recall, logs, answer_a, source=str(dataset), name="mockllm/partial")
    [comparison] = compare_models(read_logs([logs]).samples)
    assert comparison.n_shared == 2 and comparison.n_each == {"full": 2, "partial": 2}


def test_the_report_names_the_shared_samples_when_runs_differ_in_size(tmp_path: Path) -> None:
    cases = [case_record(f"knee-{n}", "knee", f"images/k{n}.png") for n in range(6)]
    data = write_dataset(tmp_path / "data", cases, [])
    logs = tmp_path / "logs"

    def answer(call: Call) -> ModelOutput:
        return reply("EXPERT ANSWER" if "knee-1" in call.text or "knee-2" in call.text else "no")

    def grade(call: Call) -> ModelOutput:
        if call.is_format_check or "EXPERT" in call.answer:
            return correct_grader(call)
        return verdict(verdict="Incorrect", failure="knowledge", explanation="scripted")

    run_task(diagnosis_generation, logs, answer, grade, source=str(data), name="mockllm/a")
    run_task(
        diagnosis_generation,
        logs,
        lambda c: reply("no"),
        grade,
        source=str(data),
        name="mockllm/b",
        limit=4,
    )
    assert main(["report", str(logs), "-o", str(tmp_path / "out")]) == 0
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "n = 4 shared: only the cases every run scored (scored: a 6, b 4)" in markdown


def test_runs_on_different_data_are_separate_rows_and_are_not_compared(
    dataset: Path, tmp_path: Path
) -> None:
    other = write_dataset(
        tmp_path / "other",
        [case_record("knee-1", "knee", "images/k.png")],
        [mcq_record("kr-1", "I", "A")],
    )
    logs = tmp_path / "logs"
    run_task(knowledge_recall, logs, answer_a, source=str(dataset), name="mockllm/a")
    run_task(knowledge_recall, logs, answer_a, source=str(other), name="mockllm/b")
    result = read_logs([logs])
    assert len(result.runs) == 2 and result.set_aside == []
    [comparison] = compare_models(result.samples)
    assert comparison.statistic is None and "scored differently (data)" in comparison.reason


def test_not_applicable_and_unfinished_logs_are_set_aside_with_the_reason(tmp_path: Path) -> None:
    not_applicable = Task(
        dataset=[Sample(id="q1", input="x", target="A", metadata={"site": "knee"})],
        scorer=match(),
        metadata={"bj_task": "III", "applicable": False, "not_applicable": "text-only provider"},
        name="image_interpretation",
    )
    eval(not_applicable, model=Scripted(answer_a).model(), log_dir=str(tmp_path), display="none")
    result = read_logs([tmp_path])
    [aside] = result.set_aside
    assert aside.reason == "not applicable to this model: text-only provider"
    assert result.runs == [] and result.samples.empty
