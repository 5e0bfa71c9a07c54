"""The judges inside a run: unparseable replies count as Unclear, and say why."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval

from bj_evals import diagnosis_generation, inconsistency_detection
from tests.helpers import Call, Scripted, reply, verdict


def garbled_second_repeat(call: Call) -> object:
    if call.repeat == 1:
        return reply("I think it is correct")
    if "mismatch_detected" in call.tools[0].parameters.properties:
        return verdict(mismatch_detected=True, text_driven_diagnosis=False, explanation="ok")
    return verdict(verdict="Correct", explanation="ok")


@pytest.mark.parametrize(
    ("task", "scorer", "key"),
    [
        (diagnosis_generation, "clinical_judge", "correct"),
        (inconsistency_detection, "mismatch_judge", "detected"),
    ],
)
def test_an_unparseable_repeat_is_unclear_with_its_reason(
    task: object, scorer: str, key: str, dataset: Path
) -> None:
    grader = Scripted(garbled_second_repeat)  # type: ignore[arg-type]
    [log] = eval(
        task,  # type: ignore[arg-type]
        task_args={"source": str(dataset)},
        model=Scripted(lambda call: reply("An answer.")).model(),
        model_roles={"grader": grader.model()},
        display="none",
    )
    assert log.samples is not None
    score = log.samples[0].scores[scorer]  # type: ignore[index]
    assert isinstance(score.value, dict)
    assert score.value[key] == pytest.approx(2 / 3)
    assert score.value["unclear"] == pytest.approx(1 / 3)
    assert score.metadata is not None
    assert score.metadata["unparsed"] == [
        "no verdict submitted; the grader replied 'I think it is correct'"
    ]
    assert "Repeat 2: Unclear (no verdict submitted" in (score.explanation or "")
