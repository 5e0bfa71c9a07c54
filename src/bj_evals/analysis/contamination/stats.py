"""Published against control, per model and probe: rates, overlaps, one-sided tests, a reading.

- Match rate (exact match; a near-verbatim continuation for case completion) with Wilson
  95% intervals, and Fisher's exact test, one-sided: more matches on the published items.
- Mean ROUGE-L with case-level bootstrap 95% intervals, and a one-sided permutation test of
  the difference in means (scipy.stats.permutation_test, 9,999 resamples, fixed seed; exact
  when the permutations are fewer).
- The reading: *too few items* below `MIN_ITEMS` scored items on either side; *evidence of
  contamination* when either test gives p below `ALPHA` / 2 (Bonferroni over the two);
  otherwise *no evidence*, which does not prove the model never saw the data. A run whose
  control is its source (`-T source=demo`, a smoke run) tests nothing and says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import fisher_exact, permutation_test

from bj_evals.analysis.contamination.read import SCORED
from bj_evals.analysis.core.intervals import ALPHA, RESAMPLES, SEED, binomial, mean_interval
from bj_evals.analysis.core.names import Names

MIN_ITEMS = 10
"""Fewer scored items than this in the published data or the control: too few to tell."""
TESTS = 2
"""The two one-sided tests read together (Bonferroni)."""

EVIDENCE = "evidence of contamination"
NO_EVIDENCE = "no evidence (which does not prove the model never saw the data)"
TOO_FEW = "too few items"
NO_TEST = "no test: the control is the source itself"

GROUP = ["probe", "model", "source", "control", "seed"]


def contamination_table(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """One row per model and probe run: both sides' rates and overlaps, the tests, the reading."""
    if samples.empty:
        return _empty()
    display = (names or Names()).for_models(samples["model"])
    rows = []
    for key, group in samples.groupby(GROUP, sort=False):
        scored = group[group["status"] == SCORED]
        published = scored[scored["probe_set"] == "published"]
        control = scored[scored["probe_set"] == "control"]
        row: dict[str, Any] = dict(zip(GROUP, key, strict=True)) | {"label": display[str(key[1])]}
        row |= _side("published", published) | _side("control", control)
        row["errored"] = int((group["status"] != SCORED).sum())
        row["log"] = group["log"].iloc[0]
        row |= compare(published["match"], control["match"], published["rouge_l"], control["rouge_l"])  # fmt: skip
        row["reading"] = (
            NO_TEST
            if row["source"] == row["control"]
            else reading(len(published), len(control), row["fisher_p"], row["overlap_p"])
        )
        rows.append(row)
    frame: pd.DataFrame = pd.DataFrame(rows)
    return frame


def _side(name: str, side: pd.DataFrame) -> dict[str, Any]:
    matches, n = int(side["match"].sum()), len(side)
    low, high = binomial(matches, n)
    overlap = side["rouge_l"].astype(float).to_numpy()
    o_low, o_high = mean_interval(overlap)
    return {
        f"{name}_n": n,
        f"{name}_matches": matches,
        f"{name}_rate": matches / n if n else np.nan,
        f"{name}_rate_low": float(low),
        f"{name}_rate_high": float(high),
        f"{name}_overlap": float(overlap.mean()) if n else np.nan,
        f"{name}_overlap_low": o_low,
        f"{name}_overlap_high": o_high,
    }


def compare(
    published_match: pd.Series,
    control_match: pd.Series,
    published_overlap: pd.Series,
    control_overlap: pd.Series,
) -> dict[str, float]:
    """The one-sided p-values, published > control: Fisher on the matches, permutation on overlaps."""
    if published_match.empty or control_match.empty:
        return {"fisher_p": np.nan, "overlap_p": np.nan}
    a, b = int(published_match.sum()), int(control_match.sum())
    table = [[a, len(published_match) - a], [b, len(control_match) - b]]
    fisher = float(fisher_exact(table, alternative="greater").pvalue)
    result = permutation_test(
        (published_overlap.to_numpy(dtype=float), control_overlap.to_numpy(dtype=float)),
        _mean_difference,
        permutation_type="independent",
        alternative="greater",
        n_resamples=RESAMPLES,
        vectorized=True,
        random_state=np.random.default_rng(SEED),
    )
    return {"fisher_p": fisher, "overlap_p": float(result.pvalue)}


def _mean_difference(
    x: NDArray[np.float64], y: NDArray[np.float64], axis: int = -1
) -> NDArray[np.float64]:
    return np.asarray(np.mean(x, axis=axis) - np.mean(y, axis=axis))


def reading(n_published: int, n_control: int, fisher_p: float, overlap_p: float) -> str:
    """The one sentence a row ends with."""
    if min(n_published, n_control) < MIN_ITEMS:
        return TOO_FEW
    if min(fisher_p, overlap_p) < ALPHA / TESTS:
        return EVIDENCE
    return NO_EVIDENCE


def matched_items(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """The published items each model reproduced (a match), with the hidden text and the reply."""
    if samples.empty:
        return _empty()
    hits = samples[(samples["status"] == SCORED) & (samples["match"] == 1)]
    hits = hits[hits["probe_set"] == "published"]
    display = (names or Names()).for_models(samples["model"])
    shown = hits.assign(label=hits["model"].map(display))
    columns = ["label", "model", "probe", "item_id", "rouge_l", "target", "answer"]
    listed: pd.DataFrame = shown[columns].reset_index(drop=True)
    return listed


def _empty() -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame()
    return frame
