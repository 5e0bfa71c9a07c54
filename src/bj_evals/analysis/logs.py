"""Inspect logs to one table: a row per B&J sample, with its score and what it is grouped by.

Only the sample summaries are read (scores and metadata, not transcripts or images),
so a report over full-size logs stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log, read_eval_log_sample_summaries
from rich.progress import track

TASK_ORDER = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
"""The paper's task numbering, the order of every report."""

JUDGED = ("IV", "V", "VI", "VII", "VIII")
STAND_INS = ("chance/", "keyword/")
PROGRESS_FROM = 20
"""Show a progress bar when reading at least this many logs."""

COLUMNS = [
    "task", "bj_task", "model", "imaging", "grader", "log", "id", "site", "disease",
    "score", "unclear", "unanimous", "text_driven", "verdicts",
]  # fmt: skip


@dataclass
class LogSet:
    """The samples of every B&J log found, and what was left out and why."""

    samples: pd.DataFrame
    skipped: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)


def read_logs(paths: Iterable[Path]) -> LogSet:
    """Read every B&J log under `paths` (files or folders) into one sample table.

    When one task was run more than once for the same model and imaging, the latest
    successful run is used and the others are listed in `superseded`.
    """
    files = [file for path in paths for file in _log_files(path)]
    result = LogSet(pd.DataFrame(columns=COLUMNS))
    if len(files) >= PROGRESS_FROM:
        files = list(track(files, description="Reading logs"))
    latest: dict[tuple[str, str, str], tuple[EvalLog, str]] = {}
    for file in files:
        try:
            header = read_eval_log(file, header_only=True)
        except Exception as error:  # any unreadable file is reported, never raised
            result.unreadable.append(f"{file}: {' '.join(str(error).split())[:200]}")
            continue
        metadata = header.eval.metadata or {}
        if "bj_task" not in metadata or header.status != "success":
            result.skipped.append(file)
            continue
        key = (str(metadata["bj_task"]), header.eval.model, str(metadata.get("imaging") or "text"))
        previous = latest.get(key)
        if previous and previous[0].eval.created >= header.eval.created:
            result.superseded.append(file)
            continue
        if previous:
            result.superseded.append(previous[1])
        latest[key] = (header, file)
    rows = [row for header, file in latest.values() for row in _sample_rows(header, file)]
    result.samples = pd.DataFrame(rows, columns=COLUMNS)
    return result


def _log_files(path: Path) -> list[str]:
    if path.is_file():
        return [str(path)]
    return [info.name for info in list_eval_logs(str(path), recursive=True, descending=False)]


def _sample_rows(header: EvalLog, file: str) -> list[dict[str, Any]]:
    metadata = header.eval.metadata or {}
    bj_task = str(metadata["bj_task"])
    grader = (header.eval.model_roles or {}).get("grader")
    grader_name = getattr(grader, "model", "") if bj_task in JUDGED else ""
    rows = []
    for summary in read_eval_log_sample_summaries(file):
        if not summary.scores:
            continue
        [score] = summary.scores.values()
        value = score.value
        values: dict[str, Any] = (
            {"score": float(value == "C")} if not isinstance(value, dict) else dict(value)
        )
        rows.append(
            {
                "task": header.eval.task.removeprefix("bj_evals/"),
                "bj_task": bj_task,
                "model": header.eval.model,
                "imaging": str(metadata.get("imaging") or "text"),
                "grader": grader_name,
                "log": file,
                "id": str(summary.id),
                "site": (summary.metadata or {}).get("site", "unspecified"),
                "disease": (summary.metadata or {}).get("disease"),
                "score": values.get("score", values.get("correct", values.get("detected"))),
                "unclear": values.get("unclear"),
                "unanimous": values.get("unanimous"),
                "text_driven": values.get("text_driven"),
                "verdicts": (score.metadata or {}).get("verdicts"),
            }
        )
    return _mean_over_epochs(rows)


def _mean_over_epochs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per sample: Inspect logs one summary per epoch."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    merged = []
    for group in by_id.values():
        row = dict(group[0])
        for key in ("score", "unclear", "unanimous", "text_driven"):
            if row[key] is not None:
                row[key] = sum(r[key] for r in group) / len(group)
        merged.append(row)
    return merged
