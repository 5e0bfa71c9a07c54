"""How far the judge agrees with physicians, and with itself.

The paper checked 120 judged items against two blinded senior physicians (Cohen's
kappa 0.95). `agreement()` computes the same from logs and human verdicts, with the
kappa's 95% interval (statsmodels' asymptotic standard error). The judge's verdict is
the documented majority (`verdicts.py`), the one the log and the sheet show; each
label is compared only with the answer it was given for (`labels.py`). Fleiss' kappa
measures the judge's own consistency: among one grader's repeats, or, for a panel,
among its graders' verdicts. Human verdicts come from the sheet `bj-evals export`
writes, its `human_verdict` column filled in, or from a CSV (`id,verdict[,task]`).
A kappa that cannot be computed, or that cannot exceed 0, comes with the reason.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa

from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.judge.answers import judged_answers, used
from bj_evals.analysis.judge.consistency import consistency
from bj_evals.analysis.judge.labels import UNKNOWN, match
from bj_evals.analysis.judge.sheet import read_table
from bj_evals.analysis.judge.verdicts import NO_MAJORITY, Scale, majority
from bj_evals.errors import BJEvalsError
from bj_evals.task_table import CASES, TASKS, ids

__all__ = ["NO_MAJORITY", "Agreement", "agreement", "majority", "read_labels", "scales_in"]

VERDICTS = ("Correct", "Incorrect", "Unclear")
MISMATCH_VERDICTS = ("detected", "not detected")
SCALES: dict[Scale, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clinical": (ids(CASES), VERDICTS),
    "mismatch": (tuple(t.id for t in TASKS if t.family == "mismatch"), MISMATCH_VERDICTS),
}
"""Per scale: its tasks and its verdicts."""
OTHER_TASK = "a task these verdicts do not grade"


@dataclass(frozen=True)
class Agreement:
    """Judge versus humans on the labelled answers, and the judge's consistency."""

    n: int
    cohen_kappa: float | None
    percent_agreement: float
    confusion: pd.DataFrame
    fleiss_kappa: float | None
    unmatched: list[str]
    """Labels naming no answer in these logs."""
    kappa_low: float | None = None
    kappa_high: float | None = None
    kappa_note: str = ""
    fleiss_note: str = ""
    fleiss_n: int = 0
    unjudged: list[str] = field(default_factory=list)
    """Labels on answers the grader never judged (every call failed)."""
    scale: Scale = "clinical"
    set_aside: dict[str, list[str]] = field(default_factory=dict)
    """Per reason (answer changed, no such answer, different labels), the labels not scored."""
    fleiss_raters: str = "repeats"
    """Whose verdicts Fleiss' kappa compares: one grader's `repeats`, or a panel's `graders`."""
    superseded: dict[str, int] = field(default_factory=dict)
    """Per log a later run superseded: how many labels were compared with its answers."""


def read_labels(path: Path) -> pd.DataFrame:
    """Human verdicts: `id` and `verdict` (or the export's `human_verdict`), with what else is given."""
    labels = read_table(path)
    labels.columns = [str(column).strip().lower() for column in labels.columns]
    if "human_verdict" in labels.columns:
        labels = labels.drop(columns=[c for c in ("verdict",) if c in labels.columns])
        labels = labels.rename(columns={"human_verdict": "verdict"})
        labels = labels[labels["verdict"].str.strip() != ""]
    missing = {"id", "verdict"} - set(labels.columns)
    if missing:
        raise BJEvalsError(
            f"{path}: needs the columns id and verdict (or human_verdict); "
            f"{', '.join(sorted(missing))} missing"
        )
    for column in ("id", "verdict", "task", "model", "run_id", "epoch", "answer_hash"):
        if column in labels.columns:
            labels[column] = labels[column].astype(str).str.strip()
    labels["verdict"] = labels["verdict"].map(_normal_verdict)
    known = VERDICTS + MISMATCH_VERDICTS
    bad = labels[~labels["verdict"].isin(known)]
    if not bad.empty:
        row = int(bad.index[0]) + 2
        raise BJEvalsError(
            f"{path}:{row}: verdict: {bad['verdict'].iloc[0]!r} is not one of "
            f"{', '.join(VERDICTS)} (IV-VII) or {', '.join(MISMATCH_VERDICTS)} (VIII)"
        )
    return labels


def scales_in(labels: pd.DataFrame) -> list[Scale]:
    """Which verdict scales the labels use."""
    used_verdicts = set(labels["verdict"])
    return [scale for scale, (_, verdicts) in SCALES.items() if used_verdicts & set(verdicts)]


def agreement(
    logs: LogSet,
    labels: pd.DataFrame,
    scale: Scale = "clinical",
    answers: pd.DataFrame | None = None,
) -> Agreement:
    """Compare the judge's verdicts in `logs` with the human `labels` of one scale.

    `answers` (from `judged_answers(logs)`) saves reading the logs again per scale.
    """
    tasks, verdicts = SCALES[scale]
    labels = labels[labels["verdict"].isin(verdicts)]
    answers = judged_answers(logs) if answers is None else answers
    answers = answers[answers["bj_task"].isin(tasks)]
    in_use = used(answers, logs.runs)
    if in_use.empty:
        raise BJEvalsError(f"no judge verdicts in these logs for tasks {', '.join(tasks)}")
    in_use = in_use.assign(
        label=[m + (f" ({logs.conditions[f]})" if logs.conditions.get(f) else "")
               for m, f in zip(in_use["model"], in_use["file"], strict=True)]
    )  # fmt: skip
    if "task" in labels.columns:
        labels = labels.assign(task=labels["task"].map(lambda t: _task_name(answers).get(t, t)))
    named = labels.get("paper_task", pd.Series("", index=labels.index))
    other = named.isin(ids(TASKS)) & ~named.isin(tasks)  # rows of I-III, or of the other scale
    matching = match(labels[~other], answers, in_use)
    if other.any():
        matching.set_aside[OTHER_TASK] = [
            f"{r.get('model', '')}/{r.get('task', '')}/{r['id']}#{r.get('epoch', '')}"
            for r in labels[other].to_dict("records")
        ]
    pairs = matching.matched
    unjudged = pairs.loc[pairs["judge"].isna(), "label"].astype(str).tolist()
    pairs = pairs.dropna(subset=["judge"])
    earlier = Counter(str(a[0]) for a in pairs["answer"] if a[0] in set(logs.superseded))
    confusion = pd.crosstab(
        pd.Categorical(pairs["verdict"], verdicts), pd.Categorical(pairs["judge"], verdicts),
        rownames=["human"], colnames=["judge"], dropna=False,
    )  # fmt: skip
    agree = float((pairs["verdict"] == pairs["judge"]).mean()) if len(pairs) else 0.0
    kappa, low, high, note = _kappa(confusion)
    fleiss, fleiss_n, fleiss_note, raters = consistency(in_use, verdicts)
    return Agreement(
        n=len(pairs),
        cohen_kappa=kappa,
        percent_agreement=agree,
        confusion=confusion,
        fleiss_kappa=fleiss,
        unmatched=matching.set_aside.get(UNKNOWN, []),
        kappa_low=low,
        kappa_high=high,
        kappa_note=note,
        fleiss_note=fleiss_note,
        fleiss_n=fleiss_n,
        unjudged=unjudged,
        scale=scale,
        set_aside=matching.set_aside,
        fleiss_raters=raters,
        superseded=dict(earlier),
    )


def _normal_verdict(verdict: str) -> str:
    lowered = " ".join(verdict.split()).lower()
    if lowered in MISMATCH_VERDICTS:
        return lowered
    return lowered.capitalize()


def _task_name(answers: pd.DataFrame) -> dict[str, str]:
    """Labels may name a task as in the log (diagnosis_generation) or by its number (IV)."""
    names = dict(zip(answers["bj_task"], answers["task"], strict=False))
    return {**{task: task for task in names.values()}, **names}


def _kappa(confusion: pd.DataFrame) -> tuple[float | None, float | None, float | None, str]:
    """Cohen's kappa and its 95% interval, or None with the reason; a note when capped at 0."""
    table = confusion.to_numpy()
    total = table.sum()
    if total == 0:
        return None, None, None, "no label matched a judged sample"
    human, judge = confusion.sum(axis=1), confusion.sum(axis=0)
    if (human == total).any() and (judge == total).any() and human.idxmax() == judge.idxmax():
        only = human.idxmax()
        return (
            None,
            None,
            None,
            f"judge and humans said {only} every time: agreement by chance is total",
        )
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        result = cohens_kappa(table)
    low, high = float(result.kappa_low), float(result.kappa_upp)
    note = ""
    for who, margins in (("the humans", human), ("the judge", judge)):
        if (margins == total).any():
            note = (
                f"{who} gave one verdict only ({margins.idxmax()}): kappa cannot exceed 0 "
                "however often they agree; read the percent agreement"
            )
    if total < 2 or not np.isfinite(low):
        low = high = None  # type: ignore[assignment]
    return float(result.kappa), low, high, note
