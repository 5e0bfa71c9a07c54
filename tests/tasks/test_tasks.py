"""Each task end to end through Inspect's eval(), with scripted models and graders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inspect_ai import Task, eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ContentImage

from bj_evals import (
    diagnosis_generation,
    diagnostic_reasoning,
    image_interpretation,
    inconsistency_detection,
    knowledge_recall,
    note_interpretation,
    treatment_planning,
    treatment_reasoning,
)
from bj_evals.importing.sources import load_source
from tests.helpers import Call, Scripted, judge_verdicts, reply, verdict


def run(task: Any, model: Scripted, grader: Scripted | None = None, **task_args: Any) -> EvalLog:
    roles = {"grader": grader.model()} if grader else None
    [log] = eval(task, task_args=task_args, model=model.model(), model_roles=roles, display="none")
    assert log.status == "success", log.error
    return log


def metrics(log: EvalLog) -> dict[str, float]:
    assert log.results is not None
    return {
        f"{score.name}/{metric.name}": metric.value
        for score in log.results.scores
        for metric in score.metrics.values()
    }


@pytest.mark.parametrize(
    ("task", "paper_task"),
    [(knowledge_recall, "I"), (note_interpretation, "II"), (image_interpretation, "III")],
)
def test_mcq_accuracy_is_the_share_of_right_letters(task: Any, paper_task: str) -> None:
    questions = load_source("demo").mcqs_for(paper_task)
    # a question is known by its five options: stems repeat (every image question asks
    # "what is the most likely diagnosis?")
    given = {
        tuple(q.options): q.answer if n % 2 == 0 else wrong(q.answer)
        for n, q in enumerate(questions)
    }
    assert len(given) == len(questions)

    def answer(call: Call) -> Any:
        [options] = [o for o in given if all(f") {text}\n" in call.text + "\n" for text in o)]
        return reply(f"ANSWER: {given[options]}")

    log = run(task, Scripted(answer), source="demo")

    right = sum(given[tuple(q.options)] == q.answer for q in questions)
    assert 0 < right < len(questions)
    assert metrics(log)["bj_evals/choice/accuracy"] == pytest.approx(right / len(questions))
    assert log.eval.metadata is not None and log.eval.metadata["bj_task"] == paper_task


def wrong(letter: str) -> str:
    return "ABCDE"[("ABCDE".index(letter) + 1) % 5]


def test_image_questions_reach_the_model_with_their_image() -> None:
    model = Scripted(lambda call: reply("ANSWER: A"))
    run(image_interpretation, model, source="demo")
    assert model.calls and all(len(call.images) == 1 for call in model.calls)


@pytest.mark.parametrize(
    "task", [diagnosis_generation, diagnostic_reasoning, treatment_planning, treatment_reasoning]
)
def test_case_tasks_average_the_three_verdicts(task: Any, dataset: Path) -> None:
    grader = judge_verdicts("Correct", "Correct", "Unclear")
    log = run(task, Scripted(lambda call: reply("An answer.")), grader, source=str(dataset))

    scores = metrics(log)
    assert scores["correct/accuracy"] == pytest.approx(2 / 3)
    assert scores["unclear/mean"] == pytest.approx(1 / 3)
    assert scores["unanimous/mean"] == 0
    assert len(grader.graded) == 3 * 6
    assert {call.repeat for call in grader.graded} == {0, 1, 2}
    assert log.samples is not None
    sample_score = log.samples[0].scores["bj_evals/clinical_judge"]  # type: ignore[index]
    assert sample_score.metadata is not None
    assert sample_score.metadata["verdicts"] == ["Correct", "Correct", "Unclear"]
    assert "Repeat 3: Unclear [failure: unspecified]: scripted" in (sample_score.explanation or "")


def test_judge_scores_by_site_on_the_demo_cases() -> None:
    cases = load_source("demo").cases
    knee_histories = [case.history for case in cases if case.site == "knee"]

    def knee_is_right(call: Call) -> Any:
        knee = any(history in call.text for history in knee_histories)
        return verdict(verdict="Correct" if knee else "Incorrect", explanation="scripted")

    log = run(
        diagnosis_generation,
        Scripted(lambda call: reply("An answer.")),
        Scripted(knee_is_right),
        source="demo",
        judge_repeats=1,
    )

    scores = metrics(log)
    assert scores["correct/site_knee"] == 1.0 and scores["correct/site_hip"] == 0.0
    assert scores["correct/accuracy"] == pytest.approx(len(knee_histories) / len(cases))


def test_report_modality_sends_the_report_instead_of_images(dataset: Path) -> None:
    model = Scripted(lambda call: reply("An answer."))
    log = run(
        diagnosis_generation,
        model,
        judge_verdicts("Correct"),
        source=str(dataset),
        modality="report",
        judge_repeats=1,
    )

    assert all(not call.images and "Radiology report:" in call.text for call in model.calls)
    assert log.eval.metadata is not None and log.eval.metadata["imaging"] == "report"


def test_image_imaging_attaches_every_case_image_as_a_file_reference(dataset: Path) -> None:
    model = Scripted(lambda call: reply("An answer."))
    log = run(
        diagnosis_generation, model, judge_verdicts("Correct"), source=str(dataset), judge_repeats=1
    )

    assert all(len(call.images) == 1 for call in model.calls)
    assert all(call.images[0].startswith("data:image/") for call in model.calls)  # as sent
    for sample in diagnosis_generation(source=str(dataset)).dataset:
        # as the task holds them until Inspect sends them: a path to a file, no bytes
        assert isinstance(sample.input, list) and isinstance(sample.input[0].content, list)
        [image] = [c for c in sample.input[0].content if isinstance(c, ContentImage)]
        assert not image.image.startswith("data:") and Path(image.image).is_file()
    assert log.eval.metadata is not None and log.eval.metadata["imaging"] == "image"


def test_inconsistency_counts_detection_and_text_driven_diagnosis(dataset: Path) -> None:
    grader = Scripted(
        lambda call: verdict(
            mismatch_detected=call.repeat == 0,
            text_driven_diagnosis=call.repeat != 0,
            explanation="scripted",
        )
    )
    model = Scripted(lambda call: reply("A diagnosis."))
    log = run(inconsistency_detection, model, grader, source=str(dataset))

    scores = metrics(log)
    assert scores["detected/accuracy"] == pytest.approx(1 / 3)
    assert scores["text_driven/mean"] == pytest.approx(2 / 3)
    assert all(len(call.images) == 1 for call in model.calls)
    assert log.samples is not None
    for sample in log.samples:
        assert sample.metadata["image_site"] != sample.metadata["site"]


def test_a_grader_that_cannot_be_used_fails_before_the_model_answers(dataset: Path) -> None:
    model = Scripted(lambda call: reply("An answer."))
    with pytest.raises(Exception, match=r"--model-role grader="):
        eval(
            diagnosis_generation,
            task_args={"source": str(dataset)},
            model=model.model(),
            display="none",
        )
    assert model.calls == []


def test_rescoring_from_the_cache_makes_no_new_grader_calls(dataset: Path) -> None:
    model = Scripted(lambda call: reply("An answer."))
    first, second = judge_verdicts("Correct", "Incorrect", "Correct"), judge_verdicts("Unclear")
    before = run(diagnosis_generation, model, first, source=str(dataset))
    after = run(diagnosis_generation, model, second, source=str(dataset))

    assert len(first.graded) == 18 and second.graded == []
    assert metrics(after) == metrics(before)


def test_a_task_built_before_eval_uses_the_grader_role_given_to_eval(dataset: Path) -> None:
    built: Task = diagnosis_generation(source=str(dataset), judge_repeats=1)
    grader = judge_verdicts("Correct")
    [log] = eval(
        built,
        model=Scripted(lambda call: reply("x")).model(),
        model_roles={"grader": grader.model()},
        display="none",
    )
    assert log.status == "success"
    assert len(grader.graded) == 6
