"""`inspect score <log>` as users type it: the judge found by its logged name and arguments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log

INSPECT = str(Path(sys.executable).parent / "inspect")


def inspect(*args: str, cwd: Path) -> None:
    result = subprocess.run(
        [INSPECT, *args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def grader_events(log: EvalLog) -> list[ModelEvent]:
    assert log.samples is not None
    return [
        event
        for sample in log.samples
        for event in sample.events
        if isinstance(event, ModelEvent) and event.model.startswith("keyword/")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("task", "scorer"),
    [
        ("bj_evals/diagnosis_generation", "bj_evals/clinical_judge"),
        ("bj_evals/inconsistency_detection", "bj_evals/mismatch_judge"),
    ],
)
def test_inspect_score_rescores_a_log_with_its_arguments_and_no_grader_call(
    task: str, scorer: str, tmp_path: Path
) -> None:
    inspect(
        "eval", task, "-T", "source=demo", "-T", "judge_repeats=1", "--model", "chance/uniform",
        "--model-role", "grader=keyword/grader", "--limit", "4", "--log-dir", "logs",
        "--display", "none", cwd=tmp_path,
    )  # fmt: skip
    [info] = list_eval_logs(str(tmp_path / "logs"))
    before = read_eval_log(info.name)

    inspect(
        "score",
        info.name,
        "--action",
        "overwrite",
        "--overwrite",
        "--display",
        "none",
        cwd=tmp_path,
    )

    after = read_eval_log(info.name)
    assert after.eval.scorers is not None and after.eval.scorers[0].name == scorer
    assert after.eval.scorers[0].options == before.eval.scorers[0].options  # type: ignore[index]
    assert after.samples is not None and before.samples is not None
    for old, new in zip(before.samples, after.samples, strict=True):
        assert new.scores is not None and old.scores is not None
        assert new.scores[scorer].value == old.scores[scorer].value
        assert len(new.scores[scorer].metadata["verdicts"]) == 1  # type: ignore[index]
    rescored = grader_events(after)
    assert rescored and all(event.cache == "read" for event in rescored)
