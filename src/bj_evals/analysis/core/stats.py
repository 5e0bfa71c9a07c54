"""Accuracy per task and model with 95% intervals, every sample accounted for, and breakdowns.

Binomial intervals come from statsmodels and bootstraps from scipy (`intervals.py`);
nothing here computes them by hand. A row's `n` is its scored samples, the
denominator of its accuracy; its errored and unscored samples are counted beside it.
"""

from __future__ import annotations

from typing import Literal, cast, get_args

import numpy as np
import pandas as pd

from bj_evals.analysis.core.intervals import ALPHA, binomial, mean_interval
from bj_evals.analysis.core.logs import ERRORED, SCORED, TASK_ORDER, UNSCORED
from bj_evals.analysis.core.names import Names, label_order, row_labels
from bj_evals.analysis.core.runs import JUDGED
from bj_evals.task_table import paper_task

Interval = Literal["wilson", "clopper-pearson", "agresti-coull"]
INTERVALS: tuple[Interval, ...] = get_args(Interval)
STATSMODELS_METHOD = {
    "wilson": "wilson",
    "clopper-pearson": "beta",
    "agresti-coull": "agresti_coull",
}

ADJUSTMENTS = ("bonferroni", "holm", "sidak", "fdr_bh", "none")
"""p-value adjustments for pairwise tests (statsmodels' multipletests names)."""

__all__ = ["ADJUSTMENTS", "ALPHA", "INTERVALS", "Interval", "accuracy_table", "breakdown"]


def model_label(samples: pd.DataFrame) -> pd.Series:
    """How a run is named in results.csv: the whole model name, and its condition."""
    frame = with_status(samples)
    return frame["model"] + frame["condition"].map(lambda c: f" ({c})" if c else "")


def with_status(samples: pd.DataFrame) -> pd.DataFrame:
    """The sample table with the columns a table built by hand may lack."""
    frame: pd.DataFrame = samples.copy()
    if "status" not in frame:
        frame["status"] = np.where(frame["score"].notna(), SCORED, UNSCORED)
    if "condition" not in frame:
        frame["condition"] = frame["imaging"].map(lambda i: "report" if i == "report" else "")
    for column in ("grader_failed", "text_driven", "unclear", "unanimous", "case_id", "setup"):
        if column not in frame:
            frame[column] = frame["id"] if column == "case_id" else None
    frame["condition"] = frame["condition"].fillna("")
    return frame


def accuracy_table(
    samples: pd.DataFrame, ci: Interval = "wilson", names: Names | None = None
) -> pd.DataFrame:
    """One row per task and model: n, accuracy with 95% intervals, the judge's rates, the losses.

    For the judged tasks a sample's score is the share of Correct repeats, so the count
    of correct answers is the sum of the scores, as the paper averaged the three
    verdicts; `boot_low`/`boot_high` is the case-level bootstrap that respects it.
    """
    if ci not in INTERVALS:
        raise ValueError(f"--ci {ci}: use one of {', '.join(INTERVALS)}")
    frame = with_status(samples)
    frame = frame.assign(label=row_labels(frame, names), model_name=model_label(frame))
    rows = []
    for (bj_task, label), group in frame.groupby(["bj_task", "label"], sort=False):
        scored = group[group["status"] == SCORED]
        values = scored["score"].astype(float)
        judged = bj_task in JUDGED
        boot = mean_interval(values) if judged else (np.nan, np.nan)
        failed = group.loc[group["status"] != ERRORED, "grader_failed"].astype(float)
        rows.append(
            {
                "bj_task": bj_task,
                "task": group["task"].iloc[0],
                "model": group["model_name"].iloc[0],
                "label": label,
                "n": len(scored),
                "correct": float(values.sum()),
                "unclear_rate": _mean(scored["unclear"])
                if paper_task(bj_task).family == "case"
                else np.nan,
                "unanimity": _mean(scored["unanimous"]),
                "text_driven_rate": _mean(scored["text_driven"]),
                "text_driven_sum": float(scored["text_driven"].astype(float).sum()),
                "grader": group["grader"].iloc[0] if judged else "",
                "samples": len(group),
                "errored": int((group["status"] == ERRORED).sum()),
                "unscored": int((group["status"] == UNSCORED).sum()),
                "grader_failed": _mean(failed) if judged else np.nan,
                "boot_low": boot[0],
                "boot_high": boot[1],
                "model_id": group["model"].iloc[0],
                "condition": group["condition"].iloc[0],
                "log": group["log"].iloc[0] if "log" in group else "",
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows)
    if table.empty:
        return table
    with np.errstate(invalid="ignore", divide="ignore"):
        table["accuracy"] = table["correct"] / table["n"].replace(0, np.nan)
    method = STATSMODELS_METHOD[ci]
    table["ci_low"], table["ci_high"] = binomial(table["correct"], table["n"], method)
    driven = table["text_driven_rate"].notna()
    low, high = binomial(table["text_driven_sum"], table["n"], method)
    table["text_driven_low"] = np.where(driven, low, np.nan)
    table["text_driven_high"] = np.where(driven, high, np.nan)
    table = table.drop(columns="text_driven_sum")
    return _in_order(table, label_order(frame, names))


def breakdown(samples: pd.DataFrame, by: str, names: Names | None = None) -> pd.DataFrame:
    """Accuracy and n of each task and model per value of `by` (`site` or `disease`), long form."""
    frame = with_status(samples)
    frame = frame.assign(label=row_labels(frame, names), model=model_label(frame))
    frame = frame[frame["status"] == SCORED].dropna(subset=[by])
    grouped = frame.groupby(["bj_task", "label", "model", by], sort=False)["score"]
    table = grouped.agg(n="size", accuracy="mean").reset_index()
    return _in_order(table, label_order(with_status(samples), names))


def _mean(values: pd.Series) -> float:
    numbers = values.astype(float).dropna()
    return float(numbers.mean()) if len(numbers) else np.nan


def _in_order(table: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    rank = {label: n for n, label in enumerate(labels)}
    order = table["bj_task"].map(TASK_ORDER.index) * 10_000 + table["label"].map(rank)
    ordered = table.assign(_order=order).sort_values("_order", kind="stable")
    return cast(pd.DataFrame, ordered.drop(columns="_order").reset_index(drop=True))
