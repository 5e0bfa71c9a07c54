"""How far the judge agrees with physicians, and with itself across repeats.

The paper checked 120 judged items against two blinded senior physicians (Cohen's
kappa 0.95). `agreement()` computes the same from a log and a CSV of human
verdicts, plus Fleiss' kappa among the judge's own repeats.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa

from bj_evals.analysis.logs import LogSet
from bj_evals.errors import BJEvalsError

VERDICTS = ("Correct", "Incorrect", "Unclear")


@dataclass(frozen=True)
class Agreement:
    """Judge versus humans on the labelled items, and the judge's repeats among themselves."""

    n: int
    cohen_kappa: float | None
    percent_agreement: float
    confusion: pd.DataFrame
    fleiss_kappa: float | None
    unmatched: list[str]


def majority(verdicts: list[str]) -> str:
    """The judge's verdict on an item: the most frequent repeat, Unclear without a majority."""
    [(top, count), *rest] = Counter(verdicts).most_common()
    return top if not rest or count > rest[0][1] else "Unclear"


def read_labels(path: Path) -> pd.DataFrame:
    """Human verdicts: columns `id` and `verdict`, and `task` when labels span tasks."""
    try:
        labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as error:
        raise BJEvalsError(f"{path}: cannot be read as CSV ({error})") from error
    labels.columns = [column.strip().lower() for column in labels.columns]
    missing = {"id", "verdict"} - set(labels.columns)
    if missing:
        raise BJEvalsError(
            f"{path}: needs the columns id and verdict; {', '.join(sorted(missing))} missing"
        )
    labels["verdict"] = labels["verdict"].str.strip().str.capitalize()
    bad = labels[~labels["verdict"].isin(VERDICTS)]
    if not bad.empty:
        row = int(bad.index[0]) + 2
        raise BJEvalsError(
            f"{path}:{row}: verdict: {bad['verdict'].iloc[0]!r} is not one of {', '.join(VERDICTS)}"
        )
    return labels


def agreement(logs: LogSet, labels: pd.DataFrame) -> Agreement:
    """Compare the judge's majority verdicts in `logs` with the human `labels`."""
    judged = logs.samples.dropna(subset=["verdicts"])
    judged = judged[judged["bj_task"].isin(("IV", "V", "VI", "VII"))]
    if judged.empty:
        raise BJEvalsError("no three-way judge verdicts in these logs (tasks IV-VII)")
    keys = ["id"] + (["task"] if "task" in labels.columns else [])
    if "task" in labels.columns:
        labels = labels.assign(task=labels["task"].map(_task_name(judged)))
    elif judged.duplicated("id").any():
        raise BJEvalsError(
            "these logs hold several tasks with the same sample ids: add a task column to the labels"
        )
    merged = labels.merge(
        judged.assign(judge=judged["verdicts"].map(majority)), on=keys, how="left"
    )
    missing = merged.loc[merged["judge"].isna(), keys].itertuples(index=False)
    unmatched = ["/".join(map(str, key)) for key in missing]
    matched = merged.dropna(subset=["judge"])
    confusion = pd.crosstab(
        pd.Categorical(matched["verdict"], VERDICTS), pd.Categorical(matched["judge"], VERDICTS),
        rownames=["human"], colnames=["judge"], dropna=False,
    )  # fmt: skip
    agree = float((matched["verdict"] == matched["judge"]).mean()) if len(matched) else 0.0
    return Agreement(
        n=len(matched),
        cohen_kappa=_kappa(confusion),
        percent_agreement=agree,
        confusion=confusion,
        fleiss_kappa=_fleiss(judged["verdicts"].tolist()),
        unmatched=unmatched,
    )


def _task_name(judged: pd.DataFrame) -> dict[str, str]:
    """Labels may name a task as in the log (diagnosis_generation) or by its number (IV)."""
    names = dict(zip(judged["bj_task"], judged["task"], strict=False))
    return {**{task: task for task in names.values()}, **names}


def _kappa(confusion: pd.DataFrame) -> float | None:
    total = confusion.to_numpy().sum()
    if total == 0 or (
        (confusion.sum(axis=0) == total).any() and (confusion.sum(axis=1) == total).any()
    ):
        return None  # one category only on both sides: chance agreement is 1, kappa undefined
    return float(cohens_kappa(confusion.to_numpy()).kappa)


def _fleiss(verdicts: list[list[str]]) -> float | None:
    counts = [[v.count(category) for category in VERDICTS] for v in verdicts if len(v) > 1]
    if not counts or len({sum(row) for row in counts}) != 1:
        return None  # Fleiss' kappa needs the same number of repeats per item, at least two
    table = pd.DataFrame(counts).to_numpy()
    if (table.sum(axis=0) == table.sum()).any():
        return None  # every repeat gave the same one verdict: agreement by chance is total
    return float(fleiss_kappa(table, method="fleiss"))
