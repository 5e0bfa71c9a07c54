"""The paper's statistics: accuracy with 95% intervals, Kruskal-Wallis and Dunn across models.

Intervals come from statsmodels, the Kruskal-Wallis test from scipy (tie-corrected)
and Dunn's test from scikit-posthocs; nothing here computes them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast, get_args

import pandas as pd
import scikit_posthocs as sp
from scipy.stats import kruskal
from statsmodels.stats.proportion import proportion_confint

from bj_evals.analysis.logs import TASK_ORDER

Interval = Literal["wilson", "clopper-pearson", "agresti-coull"]
INTERVALS: tuple[Interval, ...] = get_args(Interval)
_STATSMODELS_METHOD = {
    "wilson": "wilson",
    "clopper-pearson": "beta",
    "agresti-coull": "agresti_coull",
}

ADJUSTMENTS = ("bonferroni", "holm", "sidak", "fdr_bh", "none")
"""p-value adjustments for Dunn's test (statsmodels' multipletests names)."""

ALPHA = 0.05


def model_label(samples: pd.DataFrame) -> pd.Series:
    """How a run is named in tables: the model, and the imaging when it was the report."""
    suffix = samples["imaging"].map(lambda imaging: " (report)" if imaging == "report" else "")
    return samples["model"] + suffix


def accuracy_table(samples: pd.DataFrame, ci: Interval = "wilson") -> pd.DataFrame:
    """One row per task and model: n, accuracy and its 95% interval, and the judge's rates.

    For the judged tasks a sample's score is the share of Correct repeats, so the
    count of correct answers is the sum of the scores (a whole number when the
    repeats agree), as the paper averaged the three verdicts.
    """
    if ci not in INTERVALS:
        raise ValueError(f"--ci {ci}: use one of {', '.join(INTERVALS)}")
    frame = samples.assign(label=model_label(samples))
    grouped = frame.groupby(["bj_task", "task", "label"], sort=False)
    table = grouped.agg(
        n=("score", "size"),
        correct=("score", "sum"),
        unclear_rate=("unclear", "mean"),
        unanimity=("unanimous", "mean"),
        text_driven_rate=("text_driven", "mean"),
        grader=("grader", "first"),
    ).reset_index()
    table["accuracy"] = table["correct"] / table["n"]
    low, high = proportion_confint(
        table["correct"], table["n"], alpha=ALPHA, method=_STATSMODELS_METHOD[ci]
    )
    # the bounds meet the estimate at 0% and 100%; clip the floating-point excess
    table["ci_low"] = pd.concat([pd.Series(low), table["accuracy"]], axis=1).min(axis=1)
    table["ci_high"] = pd.concat([pd.Series(high), table["accuracy"]], axis=1).max(axis=1)
    table = table.rename(columns={"label": "model"})
    return _in_task_order(table)


@dataclass(frozen=True)
class Comparison:
    """Kruskal-Wallis across the models of one task, and Dunn's pairwise p-values."""

    bj_task: str
    models: list[str]
    statistic: float | None
    p_value: float | None
    dunn: pd.DataFrame | None
    reason: str = ""

    @property
    def significant(self) -> bool:
        """Whether the models differ at p < 0.05."""
        return self.p_value is not None and self.p_value < ALPHA


def compare_models(samples: pd.DataFrame, adjust: str = "bonferroni") -> list[Comparison]:
    """For every task run by two or more models, test whether their per-sample scores differ."""
    if adjust not in ADJUSTMENTS:
        raise ValueError(f"--adjust {adjust}: use one of {', '.join(ADJUSTMENTS)}")
    frame = samples.assign(label=model_label(samples))
    comparisons = []
    for bj_task in (t for t in TASK_ORDER if t in set(frame["bj_task"])):
        task_frame = frame[frame["bj_task"] == bj_task]
        models = sorted(set(task_frame["label"]))
        if len(models) < 2:
            continue
        groups = [task_frame.loc[task_frame["label"] == m, "score"].astype(float) for m in models]
        if task_frame["score"].nunique() == 1:
            reason = f"every score is {task_frame['score'].iloc[0]:g}, so ranks cannot differ: the test is undefined"
            comparisons.append(Comparison(bj_task, models, None, None, None, reason))
            continue
        statistic, p_value = kruskal(*groups)
        dunn = sp.posthoc_dunn(
            task_frame.assign(score=task_frame["score"].astype(float)),
            val_col="score",
            group_col="label",
            p_adjust=None if adjust == "none" else adjust,
        )
        comparisons.append(
            Comparison(bj_task, models, float(statistic), float(p_value), cast(pd.DataFrame, dunn))
        )
    return comparisons


def breakdown(samples: pd.DataFrame, by: str) -> pd.DataFrame:
    """Accuracy of each task and model per value of `by` (`site` or `disease`), long form."""
    frame = samples.dropna(subset=[by]).assign(label=model_label(samples))
    grouped = frame.groupby(["bj_task", "label", by], sort=False)["score"]
    table = grouped.agg(n="size", accuracy="mean").reset_index()
    return _in_task_order(table.rename(columns={"label": "model"}))


def _in_task_order(table: pd.DataFrame) -> pd.DataFrame:
    order = table["bj_task"].map(TASK_ORDER.index)
    ordered = table.assign(_order=order).sort_values(["_order", "model"], kind="stable")
    return cast(pd.DataFrame, ordered.drop(columns="_order").reset_index(drop=True))
