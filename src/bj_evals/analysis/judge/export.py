"""Every answer of the runs a report uses, one row each: the sheet for review and labelling.

A row holds what the model was asked (its user message, images shown as `[image]`),
the expert reference, the model's answer and, for tasks IV-VIII, every grader call's
verdict, failure category, explanation and error, then an empty `human_verdict`
column that `bj-evals agreement --human` reads back. Samples are read one at a time
(`read_eval_log_samples` without their transcripts), so memory stays flat on
full-size logs; rows go to the file as they are read.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalSample, read_eval_log_samples
from inspect_ai.model import ChatMessageUser
from inspect_ai.scorer import CORRECT, INCORRECT

from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.runs import JUDGED, Run
from bj_evals.analysis.core.scores import main_score
from bj_evals.errors import BJEvalsError
from bj_evals.task_table import paper_task

FIXED = [
    "task", "paper_task", "model", "id", "case_id", "site", "disease", "status", "error",
    "question", "reference", "answer", "score", "judge_verdict", "failure",
]  # fmt: skip
REPEAT = ["grader", "verdict", "failure", "explanation", "error"]
HUMAN = "human_verdict"
EXCLUDED = {"events", "store", "timelines"}
"""Sample fields the sheet does not need (the transcript is most of a log)."""
Extra = Mapping[tuple[str, str], Mapping[str, Any]]
"""Columns added to the sheet, by (log file, sample id)."""
XLSX_CELL = 32_000
"""Excel holds at most 32,767 characters in a cell."""


def columns(runs: list[Run]) -> list[str]:
    """The sheet's columns: as many repeat groups as the largest panel times its repeats."""
    calls = max((_calls(run) for run in runs), default=0)
    repeat = REPEAT + (
        ["text_driven"] if any(paper_task(run.bj_task).family == "mismatch" for run in runs) else []
    )
    return FIXED + [f"{field}_{n}" for n in range(1, calls + 1) for field in repeat] + [HUMAN]


def export_answers(logs: LogSet, out: Path, extra: Extra | None = None) -> int:
    """Write every answer of `logs.runs` to `out` (.csv or .xlsx); return the rows written.

    `extra` adds columns by (log, sample id), before `human_verdict`: the semantic scores.
    """
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BJEvalsError(f"{out}: name the file .csv or .xlsx")
    header = columns(logs.runs)
    added = list(dict.fromkeys(key for row in (extra or {}).values() for key in row))
    header = header[:-1] + added + header[-1:]
    rows = (
        _row(run, condition, sample) | dict((extra or {}).get((run.file, str(sample.id)), {}))
        for run, condition, sample in _samples(logs)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        return _write_csv(out, header, rows)
    return _write_xlsx(out, header, rows)


def _samples(logs: LogSet) -> Iterator[tuple[Run, str, EvalSample]]:
    for run in logs.runs:
        condition = logs.conditions.get(run.file, "")
        for sample in read_eval_log_samples(
            run.file, all_samples_required=False, exclude_fields=EXCLUDED
        ):
            yield run, condition, sample


def _row(run: Run, condition: str, sample: EvalSample) -> dict[str, Any]:
    metadata = sample.metadata or {}
    row: dict[str, Any] = {
        "task": run.task,
        "paper_task": run.bj_task,
        "model": run.model + (f" ({condition})" if condition else ""),
        "id": sample.id,
        "case_id": metadata.get("case_id", sample.id),
        "site": metadata.get("site"),
        "disease": metadata.get("disease"),
        "status": "errored" if sample.error else "scored",
        "error": sample.error.message if sample.error else None,
        "question": _question(sample),
        "reference": sample.target if isinstance(sample.target, str) else "; ".join(sample.target),
        "answer": sample.output.completion if sample.output else None,
    }
    score = main_score(sample.scores)
    if score is not None:
        evidence = score.metadata or {}
        value = score.value
        if isinstance(value, dict):
            main = value.get("correct", value.get("detected"))
            row["score"] = main
            row["status"] = "unscored" if main is None or math.isnan(main) else "scored"
            row["judge_verdict"] = evidence.get("verdict")
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


def _write_csv(out: Path, header: list[str], rows: Iterator[dict[str, Any]]) -> int:
    written = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            written += 1
    return written


def _write_xlsx(out: Path, header: list[str], rows: Iterator[dict[str, Any]]) -> int:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    book = Workbook(write_only=True)  # rows are streamed to the file, not held
    sheet = book.create_sheet("answers")
    sheet.append(header)
    written = 0
    for row in rows:
        cells = []
        for column in header:
            value = row.get(column)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if len(value) > XLSX_CELL:
                    value = value[:XLSX_CELL] + " [cut: see the log]"
            cells.append(value)
        sheet.append(cells)
        written += 1
    book.save(out)
    return written
