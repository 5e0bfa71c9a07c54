"""An option a task does not take is refused in one line naming the tasks that take it."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai._util.error import PrerequisiteError

import bj_evals
from bj_evals.task_table import TASKS
from bj_evals.tasks.contamination import PROBES
from bj_evals.tasks.options import tasks_taking
from tests.helpers import Scripted, reply
from tests.tasks.test_robustness import grader

CASES = "diagnosis_generation, diagnostic_reasoning, treatment_planning, treatment_reasoning"
MCQ = "knowledge_recall, note_interpretation, image_interpretation"

UNUSED = [
    ("knowledge_recall", "pass_k", 5, CASES),
    ("inconsistency_detection", "pass_k", 5, CASES),
    ("diagnosis_generation", "option_order", "circular", MCQ),
    ("knowledge_recall", "imaging", "blank", "image_interpretation, diagnosis_generation"),
    ("knowledge_recall", "image_size", "original", "image_interpretation, diagnosis_generation"),
    ("note_interpretation", "pairing_seed", 1, "inconsistency_detection"),
    ("knowledge_recall", "judge_repeat", 3, "no bj_evals task takes it"),
]


@pytest.mark.parametrize(("task", "option", "value", "takers"), UNUSED)
def test_an_option_the_task_does_not_take_stops_it_before_any_model_call(
    task: str, option: str, value: object, takers: str, dataset: Path
) -> None:
    model, graders = Scripted(lambda call: reply("ANSWER: A")), Scripted(grader)
    task_args: dict[str, Any] = {"source": str(dataset), option: value}
    with pytest.raises(PrerequisiteError) as raised:
        eval(
            getattr(bj_evals, task),
            task_args=task_args,
            model=model.model(),
            model_roles={"grader": graders.model()},
            display="none",
        )
    message = str(raised.value)
    assert message.startswith(f"-T {option}={value}: {task} does not take {option} (")
    assert takers in message and "\n" not in message
    assert model.calls == [] and graders.calls == []


def test_the_takers_are_read_from_the_task_signatures() -> None:
    assert tasks_taking("source") == [task.name for task in TASKS] + sorted(p.name for p in PROBES)
    assert tasks_taking("seed") == sorted(p.name for p in PROBES)
    assert tasks_taking("pass_k") == CASES.split(", ")
    assert tasks_taking("options") == []


@pytest.mark.parametrize("name", bj_evals.tasks.__all__)
def test_every_task_takes_other_options_so_that_it_can_refuse_them(name: str) -> None:
    kinds = [p.kind for p in inspect.signature(getattr(bj_evals.tasks, name)).parameters.values()]
    assert inspect.Parameter.VAR_KEYWORD in kinds
