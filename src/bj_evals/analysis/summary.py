"""One row per B&J log: the task, the model and its headline score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log

from bj_evals.tasks.common import TASK_ORDER

HEADLINE = {"choice": "accuracy", "correct": "accuracy", "detected": "accuracy"}
STAND_INS = ("chance/", "keyword/")
JUDGED = ("IV", "V", "VI", "VII", "VIII")


@dataclass(frozen=True)
class Row:
    """The headline of one B&J log."""

    task: str
    bj_task: str
    model: str
    grader: str
    imaging: str
    samples: int
    score: float | None
    stderr: float | None
    status: str


def read_rows(paths: Iterable[Path]) -> tuple[list[Row], list[Path]]:
    """Rows for the B&J logs under `paths`, and the logs that are not B&J's."""
    rows, skipped = [], []
    for path in paths:
        for info in list_eval_logs(str(path), recursive=True):
            log = read_eval_log(info, header_only=True)
            if "bj_task" in (log.eval.metadata or {}):
                rows.append(_row(log))
            else:
                skipped.append(Path(info.name))
    rows.sort(key=lambda row: (TASK_ORDER.index(row.bj_task), row.model))
    return rows, skipped


def _row(log: EvalLog) -> Row:
    metadata = log.eval.metadata or {}
    score = stderr = None
    for result in log.results.scores if log.results else []:
        metric = HEADLINE.get(result.name)
        if metric and metric in result.metrics:
            score = result.metrics[metric].value
            stderr = result.metrics["stderr"].value if "stderr" in result.metrics else None
    grader = (log.eval.model_roles or {}).get("grader")
    if isinstance(grader, list):
        grader = grader[0]
    return Row(
        task=log.eval.task.removeprefix("bj_evals/"),
        bj_task=str(metadata["bj_task"]),
        model=log.eval.model,
        grader=grader.model if grader and metadata["bj_task"] in JUDGED else "",
        imaging=str(metadata.get("imaging") or "text"),
        samples=log.results.total_samples if log.results else 0,
        score=score,
        stderr=stderr,
        status=log.status,
    )


def to_markdown(rows: list[Row]) -> str:
    """The rows as a markdown table, with a note when stand-ins produced them."""
    lines = [
        "| task | | model | imaging | n | score | ± stderr | grader | status |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        score = "" if row.score is None else f"{row.score:.1%}"
        stderr = "" if row.stderr is None else f"{row.stderr:.1%}"
        lines.append(
            f"| {row.task} | {row.bj_task} | {row.model} | {row.imaging} | {row.samples} | "
            f"{score} | {stderr} | {row.grader} | {row.status} |"
        )
    if any(row.model.startswith(STAND_INS) or row.grader.startswith(STAND_INS) for row in rows):
        lines.append(
            "\nchance/ is the chance-level baseline and keyword/ a keyword stand-in grader: "
            "offline stand-ins, not models. Their scores are a floor to compare models against."
        )
    return "\n".join(lines)
