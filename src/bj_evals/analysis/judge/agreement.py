"""How far the judge agrees with physicians, and with itself across repeats.

The paper checked 120 judged items against two blinded senior physicians (Cohen's
kappa 0.95). `agreement()` computes the same from a log and human verdicts, with the
kappa's 95% interval (statsmodels' asymptotic standard error), plus Fleiss' kappa
among the judge's own repeats. Human verdicts come from a CSV (`id,verdict[,task]`)
or from the sheet `bj-evals export` writes, its `human_verdict` column filled in.
A kappa that cannot be computed, or that cannot exceed 0, comes with the reason.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa

from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.stats import model_label
from bj_evals.errors import BJEvalsError
from bj_evals.task_table import CASES, TASKS, ids

VERDICTS = ("Correct", "Incorrect", "Unclear")
MISMATCH_VERDICTS = ("detected", "not detected")
Scale = Literal["clinical", "mismatch"]
SCALES: dict[Scale, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clinical": (ids(CASES), VERDICTS),
    "mismatch": (tuple(t.id for t in TASKS if t.family == "mismatch"), MISMATCH_VERDICTS),
}
"""Per scale: its tasks and its verdicts."""
NO_MAJORITY = {"clinical": "Unclear", "mismatch": "not detected"}


@dataclass(frozen=True)
class Agreement:
    """Judge versus humans on the labelled items, and the judge's repeats among themselves."""

    n: int
    cohen_kappa: float | None
    percent_agreement: float
    confusion: pd.DataFrame
    fleiss_kappa: float | None
    unmatched: list[str]
    kappa_low: float | None = None
    kappa_high: float | None = None
    kappa_note: str = ""
    fleiss_note: str = ""
    fleiss_n: int = 0
    unjudged: list[str] = field(default_factory=list)
    """Labels on samples the grader never judged (every call failed)."""
    scale: Scale = "clinical"


def majority(verdicts: Sequence[str | None], no_majority: str = "Unclear") -> str:
    """The judge's verdict on an item: the most frequent repeat; a tie gives `no_majority`.

    Failed grader calls (None) are left out.
    """
    given = [v for v in verdicts if v is not None]
    if not given:
        return no_majority
    [(top, count), *rest] = Counter(given).most_common()
    return top if not rest or count > rest[0][1] else no_majority


def read_labels(path: Path) -> pd.DataFrame:
    """Human verdicts: `id` and `verdict` (or the export's `human_verdict`), `task` and `model` if given."""
    labels = _read_table(path)
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
    for column in ("id", "verdict", "task", "model"):
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
    used = set(labels["verdict"])
    return [scale for scale, (_, verdicts) in SCALES.items() if used & set(verdicts)]


def agreement(logs: LogSet, labels: pd.DataFrame, scale: Scale = "clinical") -> Agreement:
    """Compare the judge's majority verdicts in `logs` with the human `labels` of one scale."""
    tasks, verdicts = SCALES[scale]
    labels = labels[labels["verdict"].isin(verdicts)]
    samples = logs.samples.dropna(subset=["verdicts"])
    samples = samples[samples["bj_task"].isin(tasks)]
    if samples.empty:
        raise BJEvalsError(f"no judge verdicts in these logs for tasks {', '.join(tasks)}")
    samples = samples.assign(model=model_label(samples))
    keys = ["id"] + [column for column in ("task", "model") if column in labels.columns]
    if "task" in labels.columns:
        labels = labels.assign(task=labels["task"].map(lambda t: _task_name(samples).get(t, t)))
    duplicated = samples.duplicated(keys)
    if duplicated.any():
        missing = "task" if "task" not in keys else "model"
        raise BJEvalsError(
            f"these logs hold several {'tasks' if missing == 'task' else 'runs'} with the same "
            f"sample id ({samples.loc[duplicated, 'id'].iloc[0]}): add a {missing} column to the "
            "labels (bj-evals export writes both)"
        )
    judged = [any(v is not None for v in row) for row in samples["verdicts"]]
    samples = samples.assign(
        judge=[
            majority(v, NO_MAJORITY[scale]) if j else None
            for v, j in zip(samples["verdicts"], judged, strict=True)
        ]
    )
    merged = labels.merge(
        samples[[*keys, "judge", "verdicts"]], on=keys, how="left", indicator=True
    )
    unmatched = [_key(row, keys) for _, row in merged[merged["_merge"] == "left_only"].iterrows()]
    unjudged = [
        _key(row, keys)
        for _, row in merged[(merged["_merge"] == "both") & merged["judge"].isna()].iterrows()
    ]
    matched = merged.dropna(subset=["judge"])
    confusion = pd.crosstab(
        pd.Categorical(matched["verdict"], verdicts), pd.Categorical(matched["judge"], verdicts),
        rownames=["human"], colnames=["judge"], dropna=False,
    )  # fmt: skip
    agree = float((matched["verdict"] == matched["judge"]).mean()) if len(matched) else 0.0
    kappa, low, high, note = _kappa(confusion)
    fleiss, fleiss_n, fleiss_note = _fleiss(samples["verdicts"].tolist(), verdicts)
    return Agreement(
        n=len(matched),
        cohen_kappa=kappa,
        percent_agreement=agree,
        confusion=confusion,
        fleiss_kappa=fleiss,
        unmatched=unmatched,
        kappa_low=low,
        kappa_high=high,
        kappa_note=note,
        fleiss_note=fleiss_note,
        fleiss_n=fleiss_n,
        unjudged=unjudged,
        scale=scale,
    )


def _read_table(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as error:
        raise BJEvalsError(f"{path}: cannot be read as a table ({error})") from error


def _normal_verdict(verdict: str) -> str:
    lowered = " ".join(verdict.split()).lower()
    if lowered in MISMATCH_VERDICTS:
        return lowered
    return lowered.capitalize()


def _task_name(samples: pd.DataFrame) -> dict[str, str]:
    """Labels may name a task as in the log (diagnosis_generation) or by its number (IV)."""
    names = dict(zip(samples["bj_task"], samples["task"], strict=False))
    return {**{task: task for task in names.values()}, **names}


def _key(row: pd.Series, keys: list[str]) -> str:
    return "/".join(str(row[key]) for key in reversed(keys))


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


def _fleiss(
    verdicts: list[list[str | None]], categories: tuple[str, ...]
) -> tuple[float | None, int, str]:
    """Fleiss' kappa among repeats, over the items whose every repeat gave a verdict."""
    complete = [[v for v in row if v is not None] for row in verdicts]
    repeats = max((len(row) for row in verdicts), default=0)
    complete = [row for row in complete if len(row) == repeats]
    if repeats < 2:
        return None, 0, "one verdict per item: there are no repeats to compare"
    note = f"over the {len(complete)} of {len(verdicts)} items with all {repeats} verdicts"
    if not complete:
        return None, 0, note
    table = np.array([[row.count(c) for c in categories] for row in complete])
    if (table.sum(axis=0) == table.sum()).any():
        only = categories[int(np.argmax(table.sum(axis=0)))]
        return None, len(complete), f"every repeat said {only}: agreement by chance is total"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(fleiss_kappa(table, method="fleiss")), len(complete), note
