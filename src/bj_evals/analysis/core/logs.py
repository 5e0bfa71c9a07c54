"""Inspect logs to one table: a row per B&J sample, with its score and what it is grouped by.

Only the sample summaries are read (scores and metadata, not transcripts or images),
so a report over full-size logs stays fast. Every sample of a used run has a row:
scored, *errored* (Inspect's `sample.error`, no score) or *unscored* (no grader gave
a verdict), so that nothing drops out of a count unseen.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from inspect_ai.log import (
    EvalSampleSummary,
    list_eval_logs,
    read_eval_log,
    read_eval_log_sample_summaries,
)
from inspect_ai.scorer import CORRECT, INCORRECT, NOANSWER, PARTIAL
from rich.console import Console
from rich.progress import track

from bj_evals.analysis.core.runs import DEFAULTS, SETUP, Run, SetAside, run_of, select_runs
from bj_evals.analysis.core.sample_fields import SAMPLE_FIELDS, sample_fields
from bj_evals.analysis.core.scores import main_score
from bj_evals.task_table import TASK_IDS, TASKS, paper_task

TASK_ORDER = TASK_IDS
"""The paper's task numbering, the order of every report."""

TASK_NAMES = {task.id: task.title for task in TASKS}
"""Short names of the tasks, for figure axes."""

STAND_INS = ("chance/", "keyword/")
PROGRESS_FROM = 20
"""Show a progress bar when reading at least this many logs."""

SCORED, ERRORED, UNSCORED = "scored", "errored", "unscored"
CHOICE_VALUES = {CORRECT: 1.0, INCORRECT: 0.0, PARTIAL: 0.5, NOANSWER: 0.0}
"""Inspect's letter scores as numbers (its own `value_to_float`)."""

COLUMNS = [
    "task", "bj_task", "model", "condition", "imaging", "grader", "log", "id", "case_id",
    "site", "disease", "status", "error", "score", "unclear", "unanimous", "text_driven",
    "grader_failed", "verdicts", "verdict", "panel", "failure", "setup", "describer",
    "prompt_variant", "options", "epoch_scores", *SAMPLE_FIELDS,
]  # fmt: skip


@dataclass
class LogSet:
    """The samples of every B&J run used, the runs, and what was left out and why."""

    samples: pd.DataFrame
    skipped: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    conditions: dict[str, str] = field(default_factory=dict)
    """Per used log: what sets its run apart from the model's other runs (`report`), or ''."""
    probes: list[str] = field(default_factory=list)
    """Finished runs of the contamination probes (`bj_probe`), kept out of the paper's tables."""


def read_logs(paths: Iterable[Path], *, samples: bool = True) -> LogSet:
    """Read every B&J log under `paths` (files or folders) into one sample table.

    Logs that are not finished B&J runs are `skipped`; of repeated runs of one
    configuration the complete and then the latest is used, the others are
    `set_aside` with the reason (their files also in `superseded`). With
    `samples=False` only the runs are chosen (the sample table stays empty).
    """
    files = [file for path in paths for file in _log_files(path)]
    mtimes = {file: _mtime(file) for file in files}
    result = LogSet(pd.DataFrame(columns=COLUMNS))
    runs = []
    for file in progress(files, "Reading logs"):
        try:
            header = read_eval_log(file, header_only=True)
        except Exception as error:  # any unreadable file is reported, never raised
            result.unreadable.append(f"{file}: {' '.join(str(error).split())[:200]}")
            continue
        metadata = header.eval.metadata or {}
        if "bj_probe" in metadata and header.status == "success":
            result.probes.append(file)
            continue
        if "bj_task" not in metadata:
            result.skipped.append(file)
            continue
        task = header.eval.task.removeprefix("bj_evals/")
        if metadata.get("applicable") is False:
            reason = f"not applicable to this model: {metadata.get('not_applicable', '')}"
            result.set_aside.append(SetAside(file, reason, task, header.eval.model))
            continue
        if header.status != "success":
            reason = f"status {header.status}: the run did not finish"
            result.set_aside.append(SetAside(file, reason, task, header.eval.model))
            continue
        runs.append(run_of(header, file, mtimes[file]))
    selection = select_runs(runs)
    result.runs = sorted(selection.used, key=_task_then_model)
    result.set_aside += selection.set_aside
    result.superseded = [aside.file for aside in selection.set_aside]
    result.conditions = selection.conditions
    used = result.runs if samples else []
    rows = [row for run in used for row in _sample_rows(run, selection.conditions[run.file])]
    result.samples = pd.DataFrame(rows, columns=COLUMNS)
    return result


def _task_then_model(run: Run) -> tuple[int, str, str]:
    order = TASK_ORDER.index(run.bj_task) if run.bj_task in TASK_ORDER else len(TASK_ORDER)
    return (order, run.model, run.created)


def _mtime(file: str) -> float:
    """When a log was last written: orders runs created in the same second."""
    try:
        return os.path.getmtime(file)
    except OSError:  # a remote log: its creation time alone orders it
        return 0.0


def progress(items: list[str], description: str) -> Iterable[str]:
    """`items`, with a progress bar on stderr (stdout carries the report) when there are many."""
    if len(items) < PROGRESS_FROM:
        return items
    return track(items, description=description, console=Console(stderr=True))


def _log_files(path: Path) -> list[str]:
    if path.is_file():
        return [str(path)]
    infos = list_eval_logs(str(path), recursive=True, descending=False)
    return [info.name.removeprefix("file://") for info in infos]


def _sample_rows(run: Run, condition: str) -> list[dict[str, Any]]:
    setup = "; ".join(f"{key}={run.options[key]}" for key in SETUP if key in run.options)
    rows = []
    for summary in read_eval_log_sample_summaries(run.file):
        metadata = summary.metadata or {}
        rows.append(
            {
                "task": run.task,
                "bj_task": run.bj_task,
                "model": run.model,
                "condition": condition,
                "imaging": run.options["imaging"],
                "grader": run.options.get("grader", ""),
                "log": run.file,
                "id": str(summary.id),
                "case_id": str(metadata.get("case_id", summary.id)),
                "site": metadata.get("site", "unspecified"),
                "disease": metadata.get("disease"),
                **_outcome(summary, run.bj_task),
                "setup": setup,
                "describer": run.options.get("describer", ""),
                "prompt_variant": run.options.get("prompt_variant", DEFAULTS["prompt_variant"]),
                "options": run.options,
                **sample_fields(summary),
            }
        )
    return _mean_over_epochs(rows)


def _outcome(summary: EvalSampleSummary, bj_task: str) -> dict[str, Any]:
    """A sample's status, values and judge evidence."""
    score = main_score(summary.scores)
    if score is None:
        error = summary.error or "no score"
        return {"status": ERRORED, "error": " ".join(str(error).split())[:300]}
    evidence = score.metadata or {}
    value = score.value
    if not isinstance(value, dict):
        values: dict[str, Any] = {"score": CHOICE_VALUES.get(str(value), math.nan)}
    elif paper_task(bj_task).family == "mismatch":
        # older logs called the share of failed grader calls `unclear`
        failed = value.get("grader_failed", value.get("unclear"))
        values = {"score": value.get("detected"), "text_driven": value.get("text_driven")}
        values["grader_failed"] = failed
    else:
        values = {
            "score": value.get("correct"),
            **{key: value.get(key) for key in ("unclear", "unanimous", "grader_failed")},
        }
    score_value = values.get("score")
    unscored = score_value is None or (isinstance(score_value, float) and math.isnan(score_value))
    return {
        "status": UNSCORED if unscored else SCORED,
        "error": None,
        **values,
        "verdicts": evidence.get("verdicts"),
        "verdict": evidence.get("verdict"),
        "panel": evidence.get("panel"),
        "failure": evidence.get("failure"),
    }


def _mean_over_epochs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per sample: Inspect logs one summary per epoch; scored epochs are averaged."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    merged = []
    for group in by_id.values():
        scored = [r for r in group if r["status"] == SCORED]
        row = dict(scored[0] if scored else group[0])
        row["epoch_scores"] = [r["score"] for r in scored]
        for key in ("score", "unclear", "unanimous", "text_driven", "grader_failed"):
            values = [r[key] for r in scored if r.get(key) is not None]
            if len(scored) > 1 and values:
                row[key] = sum(values) / len(values)
        merged.append(row)
    return merged
