"""Faults a run meets, and what survives them: every sample exactly once, the score unchanged.

A flaky evaluated model (an error its provider retries, an error that fails the
sample), and a run killed with SIGKILL then finished by `inspect eval-retry` or by
running the same `inspect eval-set` again. Grader faults are in tests/scorers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log
from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    get_model,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from bj_evals import knowledge_recall
from tests.helpers import Call, Scripted, reply, with_usage

INSPECT = str(Path(sys.executable).parent / "inspect")


class Overloaded(Exception):
    """What a provider says when it is busy: worth asking again."""


class FlakyAPI(ModelAPI):
    """Answers B to every question, but only at the second attempt."""

    attempts: ClassVar[Counter[str]] = Counter()

    def __init__(self, model_name: str, **kwargs: Any) -> None:
        super().__init__(model_name, None, None, [], GenerateConfig())

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        prompt = input[-1].text
        FlakyAPI.attempts[prompt] += 1
        if FlakyAPI.attempts[prompt] == 1:
            raise Overloaded("503: the server is overloaded")
        return with_usage(ModelOutput.from_content(model=self.model_name, content="ANSWER: B"))

    def should_retry(self, ex: BaseException) -> bool:
        return isinstance(ex, Overloaded)


@modelapi(name="flaky-test")
def flaky_test() -> type[ModelAPI]:
    return FlakyAPI


def always_b(call: Call) -> ModelOutput:
    return reply("ANSWER: B")


def sample_scores(log: EvalLog) -> dict[str, object]:
    assert log.samples is not None
    ids = [str(sample.id) for sample in log.samples]
    assert len(ids) == len(set(ids)), "a sample is logged twice"
    return {str(s.id): [score.value for score in (s.scores or {}).values()] for s in log.samples}


@pytest.mark.slow
def test_an_error_the_provider_retries_is_retried_inside_the_sample() -> None:
    [clean] = eval(
        knowledge_recall,
        task_args={"source": "demo"},
        model=Scripted(always_b).model(),
        display="none",
    )
    [flaky] = eval(
        knowledge_recall,
        task_args={"source": "demo"},
        model=get_model("flaky-test/model"),
        display="none",
    )

    assert flaky.status == "success"
    assert flaky.samples is not None and all(s.error is None for s in flaky.samples)
    assert sample_scores(flaky) == sample_scores(clean)
    assert set(FlakyAPI.attempts.values()) == {2}


def test_a_sample_that_failed_is_answered_again_and_logged_once() -> None:
    failed: set[str] = set()

    def fails_once_on_odd_questions(call: Call) -> ModelOutput:
        odd = len(call.text) % 2 == 1
        if odd and call.text not in failed:
            failed.add(call.text)
            raise RuntimeError("the model's server dropped the connection")
        return always_b(call)

    [clean] = eval(
        knowledge_recall,
        task_args={"source": "demo"},
        model=Scripted(always_b).model(),
        display="none",
    )
    model = Scripted(fails_once_on_odd_questions)
    [retried] = eval(
        knowledge_recall,
        task_args={"source": "demo"},
        model=model.model(),
        retry_on_error=1,
        display="none",
    )

    assert retried.status == "success"
    assert sample_scores(retried) == sample_scores(clean)
    assert failed and len(model.calls) == 12 + len(failed)


def start_and_kill(command: list[str], log_dir: Path, after_samples: int, cwd: Path) -> None:
    """Run `command`, and SIGKILL it once `after_samples` samples have been answered."""
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("the run ended before it could be killed")
            if _answered(log_dir) >= after_samples:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the run answered too few samples in two minutes")
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


def _answered(log_dir: Path) -> int:
    """Samples the running log has flushed so far (its summaries), or 0."""
    try:
        logs = list_eval_logs(str(log_dir))
        return sum(len(read_eval_log(info.name).samples or []) for info in logs)
    except Exception:  # the log is being written
        return 0


RUN = ["-T", "source=demo", "--model", "chance/uniform", "-M", "delay=0.4", "--model-role",
       "grader=keyword/grader", "--max-samples", "2", "--log-buffer", "2", "--display", "none"]  # fmt: skip


@pytest.mark.slow
def test_a_killed_run_is_finished_by_eval_retry_with_every_sample_once(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    task = "bj_evals/diagnosis_generation"
    start_and_kill([INSPECT, "eval", task, *RUN, "--log-dir", str(logs)], logs, 4, tmp_path)
    [killed] = list_eval_logs(str(logs))
    assert read_eval_log(killed.name, header_only=True).status != "success"

    retry = subprocess.run(
        [INSPECT, "eval-retry", killed.name, "--log-dir", str(logs), "--display", "none"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert retry.returncode == 0, retry.stdout[-2000:] + retry.stderr[-2000:]

    finished = [read_eval_log(i.name) for i in list_eval_logs(str(logs))]
    [done] = [log for log in finished if log.status == "success"]
    clean = subprocess.run(
        [INSPECT, "eval", task, *RUN, "--log-dir", str(tmp_path / "clean")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert clean.returncode == 0, clean.stderr[-2000:]
    [reference] = [read_eval_log(i.name) for i in list_eval_logs(str(tmp_path / "clean"))]
    assert len(sample_scores(done)) == 16
    assert sample_scores(done) == sample_scores(reference)


@pytest.mark.slow
def test_a_killed_eval_set_finishes_when_run_again_with_every_sample_once(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    tasks = ["bj_evals/knowledge_recall", "bj_evals/diagnosis_generation"]
    command = [INSPECT, "eval-set", *tasks, *RUN, "--log-dir", str(logs)]
    start_and_kill(command, logs, 6, tmp_path)

    again = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]

    finished = [read_eval_log(i.name) for i in list_eval_logs(str(logs))]
    complete = {log.eval.task: log for log in finished if log.status == "success"}
    assert set(complete) == set(tasks)
    assert len(sample_scores(complete["bj_evals/knowledge_recall"])) == 12
    assert len(sample_scores(complete["bj_evals/diagnosis_generation"])) == 16
