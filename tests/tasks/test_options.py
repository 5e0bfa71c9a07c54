"""Every `-T` option of every task is checked while the task is built: one line, no model call."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval

import bj_evals
from tests.helpers import Scripted, reply, verdict

MCQ = ("knowledge_recall", "note_interpretation")
CASES = (
    "diagnosis_generation",
    "diagnostic_reasoning",
    "treatment_planning",
    "treatment_reasoning",
)
ALL = (*MCQ, "image_interpretation", *CASES, "inconsistency_detection")

BAD: list[tuple[tuple[str, ...], str, object, str]] = [
    (ALL, "source", "/no/such/folder", "source=/no/such/folder: no such directory"),
    (CASES, "imaging", "xray", "-T imaging=xray: use one of auto, image, report"),
    (CASES, "modality", "xray", "-T imaging=xray: use one of auto, image, report"),
    (("image_interpretation", *CASES, "inconsistency_detection"), "image_size", "big",
     "-T image_size=big: use api, a number of pixels, or original"),
    (("image_interpretation", *CASES, "inconsistency_detection"), "image_size", 10,
     "-T image_size=10: a long side from 64 to 8000 pixels"),
    (("image_interpretation", *CASES, "inconsistency_detection"), "image_size", 100000,
     "-T image_size=100000: a long side from 64 to 8000 pixels"),
    (("image_interpretation",), "image_size", 1.5,
     "-T image_size=1.5: use api, a number of pixels, or original"),
    ((*CASES, "inconsistency_detection"), "judge_repeats", 0,
     "-T judge_repeats=0: use a whole number of at least 1"),
    ((*CASES, "inconsistency_detection"), "judge_repeats", "3x",
     "-T judge_repeats=3x: use a whole number of at least 1"),
    ((*CASES, "inconsistency_detection"), "judge_repeats", True,
     "-T judge_repeats=True: use a whole number of at least 1"),
    (("inconsistency_detection",), "pairing_seed", -1,
     "-T pairing_seed=-1: use a whole number of at least 0"),
    (("inconsistency_detection",), "pairing_seed", 2.5,
     "-T pairing_seed=2.5: use a whole number of at least 0"),
    (ALL, "prompt_variant", 3, "-T prompt_variant=3: use 0 (the paper's prompt) or another wording"),
    (ALL, "prompt_variant", -1, "-T prompt_variant=-1: use 0 (the paper's prompt)"),
    (ALL, "prompt_variant", "1", "-T prompt_variant=1: use 0 (the paper's prompt)"),
    ((*MCQ, "image_interpretation"), "option_order", "random",
     "-T option_order=random: use one of fixed, shuffle, circular"),
    ((*MCQ, "image_interpretation"), "option_seed", -1,
     "-T option_seed=-1: use a whole number of at least 0"),
    ((*MCQ, "image_interpretation"), "option_seed", 2,
     "-T option_seed=2: only -T option_order=shuffle draws an order"),
    (CASES, "pass_k", 0, "-T pass_k=0: use a whole number of at least 1"),
    (CASES, "pass_k", True, "-T pass_k=True: use a whole number of at least 1"),
]  # fmt: skip

CASES_OF_BAD = [
    pytest.param(task, option, value, message, id=f"{task}-{option}={value}")
    for tasks, option, value, message in BAD
    for task in tasks
]


@pytest.mark.parametrize(("task", "option", "value", "message"), CASES_OF_BAD)
def test_a_bad_option_is_one_line_before_any_model_call(
    task: str, option: str, value: object, message: str, dataset: Path
) -> None:
    model = Scripted(lambda call: reply("ANSWER: A"))
    grader = Scripted(lambda call: verdict(verdict="Correct", explanation="s"))
    task_args: dict[str, Any] = {"source": str(dataset), option: value}
    with pytest.raises(Exception) as raised:
        eval(
            getattr(bj_evals, task),
            task_args=task_args,
            model=model.model(),
            model_roles={"grader": grader.model()},
            display="none",
        )
    assert re.search(re.escape(message), str(raised.value))
    assert "\n" not in str(raised.value)
    assert model.calls == [] and grader.calls == []
