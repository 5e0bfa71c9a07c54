"""pass@k: the chance that at least one of k answers sampled per case is correct.

A run with several epochs (`-T pass_k=5`, or `--epochs 5 --temperature 0.7 --top-p 0.95`)
keeps each epoch's score in the log. Per case, with n scored answers of which c are
correct, pass@k is Chen et al.'s (2021) unbiased estimator 1 - C(n-c, k) / C(n, k), and
the run's pass@k the mean over cases that have at least k scored answers. An answer is
correct when its score is above 0.5: the option named for I-III, the majority of
verdicts for the judged tasks. Beside it: the greedy run of the same model and
configuration, when there is one, with the same criterion.

Inspect's `pass_at` reducer is not used: it counts a value as passed at a threshold of 1.0
by default (with three repeats, only a unanimous Correct), applies to every key of a
judged score (the unclear rate, the grader failures), and `inspect score` recreates it by
name without its threshold.
"""

from __future__ import annotations

from math import comb

import numpy as np
import pandas as pd

from bj_evals.analysis.core.intervals import mean_interval
from bj_evals.analysis.core.logs import SCORED
from bj_evals.analysis.core.names import Names
from bj_evals.analysis.robustness.siblings import nothing, part, with_siblings
from bj_evals.analysis.robustness.variants import CORRECT_ABOVE

SAMPLING_PARTS = {"epochs", "temperature", "top_p"}


def pass_at_k(n: int, c: int, k: int) -> float:
    """Chen et al.'s unbiased estimator of pass@k from n answers, c correct (k <= n)."""
    # exact integer binomials: n is a handful of epochs, so math.comb is exact and cheap
    return 1.0 - comb(n - c, k) / comb(n, k)


def pass_at_k_table(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """One row per task and model run with several epochs: pass@1 ... pass@k, and greedy."""
    frame = with_siblings(samples, SAMPLING_PARTS, names)
    if frame.empty or "epoch_scores" not in frame:
        return nothing()
    frame = frame.assign(epochs=frame["run_options"].map(lambda o: int(part(o, "epochs", "1"))))
    rows = []
    for _, group in frame.groupby("sibling", sort=False):
        greedy = group[(group["epochs"] == 1) & group["run_options"].map(_greedy)]
        for _, sampled in group[group["epochs"] > 1].groupby("label", sort=False):
            rows.append(_row(sampled, greedy))
    table: pd.DataFrame = pd.DataFrame(rows)
    return table


def _greedy(options: dict[str, str]) -> bool:
    return "temperature" not in options and "top_p" not in options


def _row(sampled: pd.DataFrame, greedy: pd.DataFrame) -> dict[str, object]:
    first = sampled.iloc[0]
    k = int(first["epochs"])
    counts = [
        (len(scores), sum(float(s) > CORRECT_ABOVE for s in scores))
        for scores in sampled["epoch_scores"]
        if isinstance(scores, list) and scores
    ]
    full = [(n, c) for n, c in counts if n >= k]
    row: dict[str, object] = {
        "bj_task": first["bj_task"],
        "task": first["task"],
        "label": first["label"],
        "base_label": first["base_label"],
        "k": k,
        "cases": len(full),
        "short": len(counts) - len(full),
    }
    for j in range(1, k + 1):
        values = [pass_at_k(n, c, j) for n, c in full]
        row[f"pass_at_{j}"] = float(np.mean(values)) if values else np.nan
        if j in (1, k):
            row[f"pass_at_{j}_low"], row[f"pass_at_{j}_high"] = mean_interval(values)
    scored = greedy[greedy["status"] == SCORED]
    right = scored["score"].astype(float) > CORRECT_ABOVE
    row["greedy"] = float(right.mean()) if len(scored) else np.nan
    row["greedy_n"] = len(scored)
    return row
