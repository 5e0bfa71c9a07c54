"""`-T pass_k` and `--epochs` that disagree stop in one line, before any model call."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval
from inspect_ai._util.error import PrerequisiteError

import bj_evals
from tests.helpers import Scripted, reply
from tests.tasks.test_robustness import grader


@pytest.mark.parametrize("epochs", [2, 4])
def test_pass_k_3_with_other_epochs_stops_before_any_model_call(epochs: int, dataset: Path) -> None:
    model, graders = Scripted(lambda call: reply("A diagnosis.")), Scripted(grader)
    with pytest.raises(PrerequisiteError) as raised:
        eval(
            bj_evals.diagnosis_generation,
            task_args={"source": str(dataset), "pass_k": 3, "judge_repeats": 1},
            epochs=epochs,
            model=model.model(),
            model_roles={"grader": graders.model()},
            display="none",
        )
    message = str(raised.value)
    assert "-T pass_k=3" in message and f"--epochs is {epochs}" in message
    assert "\n" not in message
    assert model.calls == [] and [c for c in graders.calls if not c.is_format_check] == []


def test_pass_k_with_the_same_epochs_runs_k_answers(dataset: Path) -> None:
    model = Scripted(lambda call: reply("A diagnosis."))
    [log] = eval(
        bj_evals.diagnosis_generation,
        task_args={"source": str(dataset), "pass_k": 2, "judge_repeats": 1},
        epochs=2,
        model=model.model(),
        model_roles={"grader": Scripted(grader).model()},
        display="none",
    )
    assert log.status == "success" and log.eval.config.epochs == 2
    assert (log.eval.metadata or {})["pass_k"] == 2 and len(model.calls) == 2 * 6
