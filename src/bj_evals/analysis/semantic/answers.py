"""The semantic scores of the runs a report uses: one row per answer, beside the judge's value.

Read from the sample summaries, so `bj-evals export` (which reads no sample table) gets the
same rows as the report. Each row names its encoder and settings: answers scored with
different encoders are never pooled.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from inspect_ai.log import EvalSampleSummary, read_eval_log_sample_summaries

from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.runs import JUDGED
from bj_evals.analysis.core.scores import is_semantic, main_score, semantic_of

COLUMNS = [
    "log", "id", "bj_task", "model", "condition", "case_id", "encoder",
    "semantic_f1", "judge", "verdict",
]  # fmt: skip


def semantic_answers(logs: LogSet) -> pd.DataFrame:
    """Every scored answer with a semantic score (mean over epochs), with the judge's value."""
    rows = []
    for run in logs.runs:
        if run.bj_task not in JUDGED or not any(map(is_semantic, run.scorers)):
            continue  # read only the logs that hold semantic scores
        condition = logs.conditions.get(run.file, "")
        by_id: dict[str, list[dict[str, Any]]] = {}
        for summary in read_eval_log_sample_summaries(run.file):
            row = _row(summary)
            if row is not None:
                by_id.setdefault(str(summary.id), []).append(row)
        for sample_id, epochs in by_id.items():
            first = epochs[0]
            rows.append(
                {
                    "log": run.file,
                    "id": sample_id,
                    "bj_task": run.bj_task,
                    "model": run.model,
                    "condition": condition,
                    "case_id": first["case_id"],
                    "encoder": first["encoder"],
                    "semantic_f1": _mean([e["semantic_f1"] for e in epochs]),
                    "judge": _mean([e["judge"] for e in epochs]),
                    "verdict": _same([e["verdict"] for e in epochs]),
                }
            )
    frame: pd.DataFrame = pd.DataFrame(rows, columns=COLUMNS)
    return frame


def encoder_label(metadata: dict[str, Any]) -> str:
    """The encoder and the settings that decide its scores, in one line."""
    label = f"{metadata.get('encoder')} (layer {metadata.get('layer')}"
    label += ", idf" if metadata.get("idf") else ""
    label += ", rescaled" if metadata.get("rescaled") else ""
    return label + ")"


def _row(summary: EvalSampleSummary) -> dict[str, Any] | None:
    semantic = semantic_of(summary.scores)
    if semantic is None or not isinstance(semantic.value, dict):
        return None
    f1 = semantic.value.get("semantic_f1")
    if not isinstance(f1, (int, float)) or math.isnan(f1):
        return None  # the encoder failed on this answer (its reason is in the log)
    judge = main_score(summary.scores)
    value = judge.value.get("correct") if judge and isinstance(judge.value, dict) else None
    if judge is None or value is None or math.isnan(value):
        return None  # the judge gave no verdict: nothing to set the semantic score against
    return {
        "case_id": str((summary.metadata or {}).get("case_id", summary.id)),
        "encoder": encoder_label(semantic.metadata or {}),
        "semantic_f1": float(f1),
        "judge": float(value),
        "verdict": (judge.metadata or {}).get("verdict"),
    }


def _same(verdicts: list[str | None]) -> str | None:
    """The verdict every epoch gave; `no majority` when the epochs differ."""
    return verdicts[0] if len(set(verdicts)) == 1 else "no majority"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)
