"""Logs of three scripted models across all eight tasks on the demo set, made once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.model import ModelOutput, get_model

import bj_evals
from bj_evals.data.sources import load_source
from tests.helpers import Call, Scripted, reply, verdict

DEMO = load_source("demo")
# a question is known by its options: the image questions share one stem
ANSWERS = {mcq.options[0]: mcq.answer for mcq in DEMO.mcqs}
ORDER = {mcq.options[0]: n for n, mcq in enumerate(DEMO.mcqs)}
SITE_OF_HISTORY = {case.history: case.site for case in DEMO.cases}
GOOD_SITES = ("knee", "hip")


def wrong(letter: str) -> str:
    return "ABCDE"[("ABCDE".index(letter) + 1) % 5]


def site_in(text: str) -> str:
    return next(site for history, site in SITE_OF_HISTORY.items() if history in text)


def expert(call: Call) -> ModelOutput:
    stem = next((s for s in ANSWERS if f") {s}\n" in call.text + "\n"), None)
    if stem is not None:
        return reply(f"ANSWER: {ANSWERS[stem]}")
    return reply("EXPERT ANSWER, and the image shows a MISMATCH.")


def median(call: Call) -> ModelOutput:
    stem = next((s for s in ANSWERS if f") {s}\n" in call.text + "\n"), None)
    if stem is not None:
        right = ORDER[stem] % 2 == 0
        return reply(f"ANSWER: {ANSWERS[stem] if right else wrong(ANSWERS[stem])}")
    return reply("EXPERT ANSWER." if site_in(call.text) in GOOD_SITES else "PLAIN ANSWER.")


def novice(call: Call) -> ModelOutput:
    stem = next((s for s in ANSWERS if f") {s}\n" in call.text + "\n"), None)
    return reply(f"ANSWER: {wrong(ANSWERS[stem])}" if stem else "PLAIN ANSWER.")


def grade(call: Call) -> ModelOutput:
    answer = call.answer
    if "mismatch_detected" in call.tools[0].parameters.properties:
        noticed = "MISMATCH" in answer
        return verdict(
            mismatch_detected=noticed, text_driven_diagnosis=not noticed, explanation="s"
        )
    return verdict(verdict="Correct" if "EXPERT ANSWER" in answer else "Incorrect", explanation="s")


MODELS: dict[str, Callable[[Call], ModelOutput]] = {
    "mockllm/expert": expert,
    "mockllm/median": median,
    "mockllm/novice": novice,
}


@pytest.fixture(scope="session")
def three_model_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("three-models")
    tasks: list[Any] = [getattr(bj_evals, name) for name in bj_evals.__all__]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INSPECT_CACHE_DIR", str(root / "cache"))
        patch.setenv("BJ_EVALS_CACHE", str(root / "bj-cache"))
        for name, respond in MODELS.items():
            logs = eval(
                tasks,
                task_args={"source": "demo"},
                model=get_model(name, custom_outputs=Scripted(respond)),
                model_roles={"grader": Scripted(grade).model()},
                log_dir=str(root / "logs"),
                display="none",
            )
            assert all(log.status == "success" for log in logs)
    return root / "logs"
