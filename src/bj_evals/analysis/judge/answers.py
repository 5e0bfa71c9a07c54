"""Which answer a row of the labelling sheet shows: run id, sample id, epoch, and a hash of its text.

A label is about the answer a physician read. The same sample id in another run, or
in another epoch, is another answer; so is a changed text under the same ids. Every
answer is read once here (full samples, one at a time, without their transcripts:
summaries cut long text, and the hash needs all of it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pandas as pd
from inspect_ai.log import EvalSample, read_eval_log, read_eval_log_samples

from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.runs import Run
from bj_evals.analysis.core.scores import main_score
from bj_evals.analysis.judge.verdicts import grader_verdicts, judge_verdict, scale_of
from bj_evals.task_table import paper_task

HASH_LENGTH = 12
"""Hex digits of the answer's sha256 kept: enough to tell two answers apart, short to read."""
HASH_PREFIX = "sha256:"
"""Keeps a spreadsheet from reading the digits as a number (`012...` or `1e5...`)."""
EXCLUDED = {"events", "store", "timelines"}
"""Sample fields the sheet does not need (the transcript is most of a log)."""
COLUMNS = [
    "file", "run_id", "task", "bj_task", "model", "id", "epoch", "answer_hash", "verdict",
    "graders", "verdicts",
]  # fmt: skip


def answer_hash(text: str | None) -> str:
    """`sha256:` and the first hex digits of the sha256 of an answer's UTF-8 text."""
    return HASH_PREFIX + hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:HASH_LENGTH]


def run_id(file: str) -> str:
    """The run id Inspect wrote into a log."""
    return read_eval_log(file, header_only=True).eval.run_id


def samples(file: str) -> Iterator[EvalSample]:
    """A log's samples, one at a time, without their transcripts."""
    yield from read_eval_log_samples(file, all_samples_required=False, exclude_fields=EXCLUDED)


def judged_answers(logs: LogSet) -> pd.DataFrame:
    """Every judged answer of the runs used and of the runs they superseded, one row each."""
    rows: list[dict[str, Any]] = []
    for file in [run.file for run in logs.runs] + list(logs.superseded):
        header = read_eval_log(file, header_only=True)
        metadata = header.eval.metadata or {}
        bj_task = str(metadata.get("bj_task", ""))
        if not bj_task or not paper_task(bj_task).judged:
            continue
        scale = scale_of(paper_task(bj_task).family)
        for sample in samples(file):
            score = main_score(sample.scores)
            evidence = (score.metadata if score else None) or {}
            rows.append(
                {
                    "file": file,
                    "run_id": header.eval.run_id,
                    "task": header.eval.task.removeprefix("bj_evals/"),
                    "bj_task": bj_task,
                    "model": header.eval.model,
                    "id": str(sample.id),
                    "epoch": str(sample.epoch),
                    "answer_hash": answer_hash(sample.output.completion if sample.output else None),
                    "verdict": judge_verdict(evidence, scale) if evidence else None,
                    "graders": grader_verdicts(evidence, scale) if evidence else {},
                    "verdicts": evidence.get("verdicts") or [],
                }
            )
    table: pd.DataFrame = pd.DataFrame(rows, columns=COLUMNS)
    return table


def used(answers: pd.DataFrame, runs: list[Run]) -> pd.DataFrame:
    """The answers of the runs a report uses (not those superseded)."""
    kept: pd.DataFrame = answers[answers["file"].isin([run.file for run in runs])]
    return kept
