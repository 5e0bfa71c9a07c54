"""`inspect score <log>` as users type it: the judge found by its logged name and arguments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai import eval, score
from inspect_ai._eval.score import resolve_scorers
from inspect_ai.event import ModelEvent
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log

from bj_evals import knowledge_recall

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


def test_a_multiple_choice_log_scores_the_same_when_scored_again(tmp_path: Path) -> None:
    [log] = eval(
        knowledge_recall,
        task_args={"source": "demo"},
        model="chance/uniform",
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.eval.scorers is not None
    scorers = resolve_scorers(log)  # as `inspect score <log>` re-creates them

    rescored = score(log, scorers, action="overwrite", display="none")

    assert log.samples is not None and rescored.samples is not None
    for before, after in zip(log.samples, rescored.samples, strict=True):
        [old] = (before.scores or {}).values()
        [new] = (after.scores or {}).values()
        assert (new.value, new.answer) == (old.value, old.answer)
    assert rescored.results is not None and log.results is not None
    assert (
        rescored.results.scores[0].metrics["accuracy"] == log.results.scores[0].metrics["accuracy"]
    )
