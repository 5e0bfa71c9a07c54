"""Logs of three scripted models across all eight tasks on the demo set, made once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.model import ModelOutput, get_model

import bj_evals
from bj_evals.importing.sources import load_source
from bj_evals.task_table import TASKS
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
    return reply(f"ANSWER: {wrong(ANSWERS[stem])}" if stem else "WRONG ANSWER.")


def grade(call: Call) -> ModelOutput:
    """Correct for the expert's answers; a failure named by the answer and the case's site."""
    answer = call.answer
    if "mismatch_detected" in call.tools[0].parameters.properties:
        noticed = "MISMATCH" in answer
        return verdict(
            mismatch_detected=noticed,
            text_driven_diagnosis=not noticed,
            failure=None if noticed else "perception",
            explanation="s",
        )
    if "EXPERT ANSWER" in answer:
        return verdict(verdict="Correct", explanation="s")
    failure = "knowledge" if "WRONG" in answer else "reasoning"
    if not call.is_format_check and site_in(call.text) == "spine":
        failure = "hallucination"
    return verdict(verdict="Incorrect", failure=failure, explanation="s")


MODELS: dict[str, Callable[[Call], ModelOutput]] = {
    "mockllm/expert": expert,
    "mockllm/median": median,
    "mockllm/novice": novice,
}


@pytest.fixture(scope="session")
def three_model_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("three-models")
    tasks: list[Any] = [getattr(bj_evals, task.name) for task in TASKS]
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


def run_task(
    task: Any,
    log_dir: Path,
    model: Callable[[Call], ModelOutput] | Scripted,
    grader: Callable[[Call], ModelOutput] | None = None,
    *,
    name: str = "mockllm/model",
    **options: Any,
) -> Path:
    """Run one task with scripted models into `log_dir`; return the log's path.

    `options` are Inspect's eval() options (limit, fail_on_error) and, as `task_args`,
    the task's own.
    """
    scripted = model if isinstance(model, Scripted) else Scripted(model)
    roles = {"grader": Scripted(grader).model("mockllm/grader")} if grader else {}
    eval_options = {
        k: options.pop(k) for k in ("limit", "fail_on_error", "sample_id", "epochs") if k in options
    }
    [log] = eval(
        task,
        task_args=options,
        model=scripted.model(name),
        model_roles=roles,
        log_dir=str(log_dir),
        display="none",
        **eval_options,
    )
    return Path(log.location)


def correct_grader(call: Call) -> ModelOutput:
    """A grader that accepts every answer (and passes the format check)."""
    return verdict(verdict="Correct", explanation="scripted")
