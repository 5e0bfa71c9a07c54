"""How far the semantic score agrees with the judge, per task and encoder, with intervals.

- mean F1 per task and model, with a case-level bootstrap interval (the report's own);
- Spearman's correlation of F1 with the judge's value (the share of Correct verdicts);
- the point-biserial correlation of F1 with the majority verdict, Correct (1) or Incorrect (0);
- the AUC with which F1 separates Correct from Incorrect answers (the Mann-Whitney U over
  the product of the group sizes, which is sklearn's `roc_auc_score`).
Intervals resample whole cases (percentile, 1999 resamples, a fixed seed). Unclear and
split verdicts enter Spearman's correlation through the judge's value, not the other two.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import mannwhitneyu, pointbiserialr, spearmanr

from bj_evals.analysis.core.intervals import ALPHA, SEED, mean_interval

RESAMPLES = 1999
MIN_CASES = 5
"""Fewer cases give no interval."""
VERDICTS = ("Correct", "Incorrect")


def f1_table(answers: pd.DataFrame) -> pd.DataFrame:
    """Mean F1 with its interval per encoder, task and row label, beside the judge's accuracy."""
    rows = []
    for (encoder, task, label), group in answers.groupby(["encoder", "bj_task", "label"]):
        low, high = mean_interval(group["semantic_f1"])
        rows.append(
            {"encoder": encoder, "bj_task": task, "label": label, "n": len(group),
             "mean_f1": group["semantic_f1"].mean(), "f1_low": low, "f1_high": high,
             "accuracy": group["judge"].mean()}
        )  # fmt: skip
    frame: pd.DataFrame = pd.DataFrame(rows)
    return frame


def agreement_table(answers: pd.DataFrame) -> pd.DataFrame:
    """Per encoder and task: Spearman's rho, the point-biserial r and the AUC, each with an interval."""
    rows = []
    for (encoder, task), group in answers.groupby(["encoder", "bj_task"]):
        f1 = group["semantic_f1"].to_numpy(float)
        judge = group["judge"].to_numpy(float)
        split = group[group["verdict"].isin(VERDICTS)]
        x = split["semantic_f1"].to_numpy(float)
        y = (split["verdict"] == "Correct").to_numpy(float)
        row: dict[str, object] = {"encoder": encoder, "bj_task": task, "n": len(group),
                                  "n_correct": int(y.sum()), "n_incorrect": int(len(y) - y.sum())}  # fmt: skip
        cases, split_cases = group["case_id"].to_numpy(str), split["case_id"].to_numpy(str)
        row |= _with_interval("spearman", spearman, f1, judge, cases)
        row |= _with_interval("point_biserial", point_biserial, x, y, split_cases)
        row |= _with_interval("auc", auc, x, y, split_cases)
        rows.append(row)
    frame: pd.DataFrame = pd.DataFrame(rows)
    return frame


def spearman(f1: NDArray[np.float64], judge: NDArray[np.float64]) -> float:
    """Spearman's rank correlation; NaN when either side does not vary."""
    if len(f1) < 3 or np.ptp(f1) == 0 or np.ptp(judge) == 0:
        return float("nan")
    return float(spearmanr(f1, judge).statistic)


def point_biserial(f1: NDArray[np.float64], correct: NDArray[np.float64]) -> float:
    """The point-biserial correlation of F1 with Correct (1) / Incorrect (0)."""
    if len(f1) < 3 or np.ptp(f1) == 0 or np.ptp(correct) == 0:
        return float("nan")
    return float(pointbiserialr(correct, f1).statistic)


def auc(f1: NDArray[np.float64], correct: NDArray[np.float64]) -> float:
    """P(F1 of a Correct answer > F1 of an Incorrect one), ties counted half."""
    good, bad = f1[correct == 1], f1[correct == 0]
    if len(good) == 0 or len(bad) == 0:
        return float("nan")
    return float(mannwhitneyu(good, bad).statistic / (len(good) * len(bad)))


def disagreement(answers: pd.DataFrame) -> pd.DataFrame:
    """Each answer's F1 rank (0-1] among its task's answers under its encoder, and its distance.

    The distance is how far the judge's value lies from the rank: near 1 for a top F1
    judged Incorrect, or a bottom F1 judged Correct.
    """
    groups = answers.groupby(["encoder", "bj_task"])["semantic_f1"]
    rank = groups.rank(pct=True, method="average")
    ranked: pd.DataFrame = answers.assign(
        f1_rank=rank, disagreement=(rank - answers["judge"]).abs()
    )
    return ranked


def _with_interval(
    name: str,
    statistic: Callable[[NDArray[np.float64], NDArray[np.float64]], float],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    cases: NDArray[np.str_],
) -> dict[str, float]:
    value = statistic(x, y)
    low, high = case_bootstrap(statistic, x, y, cases) if not np.isnan(value) else (np.nan, np.nan)
    return {name: value, f"{name}_low": low, f"{name}_high": high}


def case_bootstrap(
    statistic: Callable[[NDArray[np.float64], NDArray[np.float64]], float],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    cases: NDArray[np.str_],
) -> tuple[float, float]:
    """A percentile interval resampling whole cases (a case's answers by several models go together)."""
    _, index = np.unique(cases, return_inverse=True)
    members = [np.flatnonzero(index == n) for n in range(index.max() + 1)]
    if len(members) < MIN_CASES:
        return (np.nan, np.nan)
    rng = np.random.default_rng(SEED)
    values = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(RESAMPLES):
            rows = np.concatenate([members[n] for n in rng.integers(0, len(members), len(members))])
            values.append(statistic(x[rows], y[rows]))
    kept = np.asarray(values, dtype=float)
    kept = kept[~np.isnan(kept)]
    if len(kept) < RESAMPLES / 2:  # most resamples lack one of the two groups
        return (np.nan, np.nan)
    low, high = np.percentile(kept, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)])
    return float(low), float(high)


def export_columns(answers: pd.DataFrame) -> dict[tuple[str, str], dict[str, object]]:
    """`bj-evals export`'s semantic columns by (log, sample id): F1, its rank, the distance."""
    ranked = disagreement(answers)
    return {
        (str(r.log), str(r.id)): {"semantic_f1": r.semantic_f1, "semantic_f1_rank": r.f1_rank,
                        "semantic_disagreement": r.disagreement}
        for r in ranked.itertuples()
    }  # fmt: skip
