"""Prompt sensitivity: one model's accuracy under each wording of a task's prompt.

Runs of one task and model whose configurations differ only in `prompt_variant` are
compared over the cases every one of them scored:

- each variant's accuracy (the mean score, as in the accuracy table);
- the spread, max - min of those accuracies, with a paired case-level bootstrap 95%
  interval (scipy, percentile, 9,999 resamples, seed 20251227, so a report is reproducible);
- the flip rate: the share of cases whose outcome is not the same under every variant;
- Fleiss' kappa (statsmodels) across variants, each variant a rater of every case's outcome.

A case's outcome is correct when its score is above 0.5: the option named for I-III, the
majority of verdicts for the judged tasks (as in the paired tests between models).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from bj_evals.analysis.core.intervals import paired_interval
from bj_evals.analysis.core.logs import SCORED
from bj_evals.analysis.core.names import Names
from bj_evals.analysis.robustness.siblings import nothing, part, with_siblings

CORRECT_ABOVE = 0.5
"""A case counts as correct when its score is above this."""

VARIANT = "prompt_variant"


def variant_table(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """One row per task and model run under two or more prompt variants."""
    frame = with_siblings(samples, {VARIANT}, names)
    if frame.empty:
        return nothing()
    frame = frame.assign(variant=frame["run_options"].map(lambda o: int(part(o, VARIANT, "0"))))
    rows = []
    for _, group in frame.groupby("sibling", sort=False):
        if group["variant"].nunique() < 2:
            continue
        scored = group[group["status"] == SCORED]
        wide = scored.pivot_table(index="id", columns="variant", values="score", aggfunc="mean")
        wide = wide.reindex(columns=sorted(group["variant"].unique())).dropna()
        rows.append(_row(group, wide))
    table: pd.DataFrame = pd.DataFrame(rows)
    return table


def _row(group: pd.DataFrame, wide: pd.DataFrame) -> dict[str, object]:
    first = group.iloc[0]
    scores = [wide[v].to_numpy(dtype=float) for v in wide.columns]
    accuracies = {
        f"accuracy_{v}": float(np.mean(s)) if len(s) else np.nan
        for v, s in zip(wide.columns, scores, strict=True)
    }
    outcomes = wide.to_numpy(dtype=float) > CORRECT_ABOVE
    spread = max(accuracies.values()) - min(accuracies.values()) if len(wide) else np.nan
    low, high, note = _spread_interval(scores)
    kappa, kappa_note = fleiss(outcomes)
    return {
        "bj_task": first["bj_task"],
        "task": first["task"],
        "label": first["base_label"],
        "model_id": first["model"],
        "variants": ", ".join(str(v) for v in wide.columns),
        "n": len(wide),
        **accuracies,
        "spread": spread,
        "spread_low": low,
        "spread_high": high,
        "spread_note": note,
        "flip_rate": float(np.mean(outcomes.min(axis=1) != outcomes.max(axis=1)))
        if len(wide)
        else np.nan,
        "fleiss_kappa": kappa,
        "kappa_note": kappa_note,
    }


def _spread(*arrays: NDArray[np.float64], axis: int = -1) -> NDArray[np.float64]:
    means = np.stack([np.mean(a, axis=axis) for a in arrays])
    return np.asarray(means.max(axis=0) - means.min(axis=0))


def _spread_interval(scores: list[NDArray[np.float64]]) -> tuple[float, float, str]:
    if len(scores[0]) < 2:
        return np.nan, np.nan, f"{len(scores[0])} case scored under every variant: too few"
    if all(np.array_equal(scores[0], other) for other in scores[1:]):
        return np.nan, np.nan, "none: no case scored differently between variants"
    low, high = paired_interval(scores, _spread)
    return low, high, ""


def fleiss(outcomes: NDArray[np.bool_]) -> tuple[float, str]:
    """Fleiss' kappa of cases (rows) rated correct or not by each variant (columns)."""
    if len(outcomes) < 2:
        return np.nan, f"{len(outcomes)} case scored under every variant: too few"
    if outcomes.all() or not outcomes.any():
        said = "correct" if outcomes.all() else "wrong"
        return np.nan, f"every variant was {said} on every case: agreement by chance is total"
    table, _ = aggregate_raters(outcomes.astype(int), n_cat=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(fleiss_kappa(table, method="fleiss")), ""
