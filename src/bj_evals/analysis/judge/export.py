"""Every answer of the runs a report uses, one row each: the sheet for review and labelling.

A row holds what the model was asked (its user message, images shown as `[image]`),
the expert reference, the model's answer and, for tasks IV-VIII, every grader call's
verdict, failure category, explanation and error, then an empty `human_verdict`
column that `bj-evals agreement --human` reads back. Each row names the answer it
shows (`run_id`, `id`, `epoch`, `answer_hash`), so that a label is only ever compared
with that answer. Samples are read one at a time (`read_eval_log_samples` without
their transcripts), so memory stays flat on full-size logs; rows go to the file as
they are read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalSample
from inspect_ai.model import ChatMessageUser
from inspect_ai.scorer import CORRECT, INCORRECT

from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.runs import JUDGED, Run
from bj_evals.analysis.core.scores import main_score
from bj_evals.analysis.judge.answers import answer_hash, run_id, samples
from bj_evals.analysis.judge.sheet import HUMAN, check_writable, write_csv, write_xlsx
from bj_evals.analysis.judge.verdicts import NO_MAJORITY, scale_of
from bj_evals.errors import BJEvalsError
from bj_evals.scorers.judge import NO_MAJORITY as LOGGED_NO_MAJORITY
from bj_evals.task_table import paper_task

FIXED = [
    "task", "paper_task", "model", "id", "epoch", "run_id", "answer_hash", "case_id", "site", "disease", "status", "error",
    "question", "reference", "answer", "score", "judge_verdict", "failure",
]  # fmt: skip
REPEAT = ["grader", "verdict", "failure", "explanation", "error"]
Extra = Mapping[tuple[str, str], Mapping[str, Any]]
"""Columns added to the sheet, by (log file, sample id)."""


def columns(runs: list[Run]) -> list[str]:
    """The sheet's columns: as many repeat groups as the largest panel times its repeats."""
    calls = max((_calls(run) for run in runs), default=0)
    repeat = REPEAT + (
        ["text_driven"] if any(paper_task(run.bj_task).family == "mismatch" for run in runs) else []
    )
    return FIXED + [f"{field}_{n}" for n in range(1, calls + 1) for field in repeat] + [HUMAN]


def export_answers(logs: LogSet, out: Path, force: bool = False, extra: Extra | None = None) -> int:
    """Write every answer of `logs.runs` to `out` (.csv or .xlsx); return the rows written.

    An existing `out` is replaced only with `force`, and never when it holds labels.
    `extra` adds columns by (log, sample id), before `human_verdict`: the semantic scores.
    """
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BJEvalsError(f"{out}: name the file .csv or .xlsx")
    check_writable(out, force)
    header = columns(logs.runs)
    added = list(dict.fromkeys(key for row in (extra or {}).values() for key in row))
    header = header[:-1] + added + header[-1:]
    rows = (
        _row(run, condition, identity, sample)
        | dict((extra or {}).get((run.file, str(sample.id)), {}))
        for run, condition, identity, sample in _samples(logs)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        return write_csv(out, header, rows)
    return write_xlsx(out, header, rows)


def _samples(logs: LogSet) -> Iterator[tuple[Run, str, str, EvalSample]]:
    for run in logs.runs:
        condition = logs.conditions.get(run.file, "")
        identity = run_id(run.file)
        for sample in samples(run.file):
            yield run, condition, identity, sample


def _row(run: Run, condition: str, run_identity: str, sample: EvalSample) -> dict[str, Any]:
    metadata = sample.metadata or {}
    answer = sample.output.completion if sample.output else None
    row: dict[str, Any] = {
        "task": run.task,
        "paper_task": run.bj_task,
        "model": run.model + (f" ({condition})" if condition else ""),
        "id": sample.id,
        "epoch": sample.epoch,
        "run_id": run_identity,
        "answer_hash": answer_hash(answer),
        "case_id": metadata.get("case_id", sample.id),
        "site": metadata.get("site"),
        "disease": metadata.get("disease"),
        "status": "errored" if sample.error else "scored",
        "error": sample.error.message if sample.error else None,
        "question": _question(sample),
        "reference": sample.target if isinstance(sample.target, str) else "; ".join(sample.target),
        "answer": answer,
    }
    score = main_score(sample.scores)
    if score is not None:
        evidence = score.metadata or {}
        value = score.value
        if isinstance(value, dict):
            main = value.get("correct", value.get("detected"))
            row["score"] = main
            row["status"] = "unscored" if main is None or math.isnan(main) else "scored"
            row["judge_verdict"] = _verdict(evidence.get("verdict"), run)
        else:
            row["score"] = value
            row["judge_verdict"] = {CORRECT: "Correct", INCORRECT: "Incorrect"}.get(
                str(value), value
            )
        row["failure"] = evidence.get("failure")
        for n, repeat in enumerate(evidence.get("repeats") or [], 1):
            verdict = repeat.get("verdict") or {}
            labels = evidence.get("verdicts") or []
            row[f"grader_{n}"] = repeat.get("grader")
            row[f"verdict_{n}"] = labels[n - 1] if n <= len(labels) else None
            row[f"failure_{n}"] = verdict.get("failure")
            row[f"explanation_{n}"] = verdict.get("explanation")
            row[f"error_{n}"] = repeat.get("error")
            if "text_driven_diagnosis" in verdict:
                row[f"text_driven_{n}"] = verdict["text_driven_diagnosis"]
    return row


def _question(sample: EvalSample) -> str:
    """The user message the model answered (after the task's prompt), images as [image]."""
    messages = sample.messages or ([] if isinstance(sample.input, str) else sample.input)
    message = next((m for m in messages if isinstance(m, ChatMessageUser)), None)
    if message is None:
        return _resolve(sample.input, sample) if isinstance(sample.input, str) else ""
    return _question_of(message, sample)


def _question_of(message: ChatMessageUser, sample: EvalSample) -> str:
    if isinstance(message.content, str):
        return _resolve(message.content, sample)
    return "\n".join(
        _resolve(p.text, sample) if p.type == "text" else f"[{p.type}]" for p in message.content
    )


def _resolve(text: str, sample: EvalSample) -> str:
    """Inspect stores long text once, as `attachment://<hash>`: put it back."""
    if text.startswith("attachment://"):
        return str((sample.attachments or {}).get(text.removeprefix("attachment://"), text))
    return text


def _calls(run: Run) -> int:
    if run.bj_task not in JUDGED:
        return 0
    graders = run.options.get("grader", "").split(", ")
    return int(run.options.get("judge_repeats", "3")) * len(graders)


def _verdict(logged: Any, run: Run) -> Any:
    """The panel's verdict as agreement reads it: no majority is Unclear (not detected, VIII)."""
    scale = scale_of(paper_task(run.bj_task).family)
    return NO_MAJORITY[scale] if logged == LOGGED_NO_MAJORITY else logged
