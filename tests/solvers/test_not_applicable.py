"""A task that does not apply to the evaluated model: no model call, every sample unscored."""

from __future__ import annotations

import math
from pathlib import Path

from inspect_ai import Task, eval
from inspect_ai.dataset import Sample

from bj_evals.data.records import load_benchmark
from bj_evals.scorers.not_applicable import NOT_APPLICABLE, not_applicable_score
from bj_evals.solvers.not_applicable import not_applicable
from bj_evals.task_table import paper_task
from bj_evals.tasks.build import not_applicable_task
from tests.helpers import Scripted, reply


def test_a_task_that_does_not_apply_calls_no_model_and_scores_nothing(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    reason = "image_interpretation is answered from the image, and hf/x is a text-only provider"
    ids = [(q.id, {"site": q.site}) for q in benchmark.mcqs_for("III")]
    task = not_applicable_task(paper_task("III"), benchmark, ids, str(dataset), reason)
    model = Scripted(lambda call: reply("ANSWER: A"))

    [log] = eval(task, model=model.model(), display="none")

    assert model.calls == []
    assert log.status == "success"
    assert log.eval.metadata is not None
    assert log.eval.metadata["applicable"] is False
    assert log.eval.metadata["not_applicable"] == reason
    assert log.samples is not None and [s.id for s in log.samples] == [q for q, _ in ids]
    for sample in log.samples:
        assert sample.output.completion == f"Not applicable: {reason}"
        [score] = (sample.scores or {}).values()
        assert score.reason == NOT_APPLICABLE and score.explanation == reason
        assert isinstance(score.value, float) and math.isnan(score.value)


def test_the_solver_answers_nothing_and_the_scorer_leaves_the_sample_unscored() -> None:
    reason = "the task does not apply"
    task = Task(
        dataset=[Sample(id="q1", input="A question?", target="A")],
        solver=not_applicable(reason),
        scorer=not_applicable_score(reason),
    )
    model = Scripted(lambda call: reply("ANSWER: A"))

    [log] = eval(task, model=model.model(), display="none")

    assert model.calls == [] and log.samples is not None
    [score] = (log.samples[0].scores or {}).values()
    assert score.reason == NOT_APPLICABLE
    assert log.results is not None
    assert math.isnan(log.results.scores[0].metrics["mean"].value)
