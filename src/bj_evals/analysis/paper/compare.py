"""Do the models differ on a task? The paper's tests and the paired tests, over shared samples.

The models answer the same cases, so each comparison runs over the samples that every
compared run scored (said as `n_shared`), and is refused with the reason when there
are none or when the runs were scored differently (another grader, data revision or
number of repeats). Beside the paper's Kruskal-Wallis test (scipy, tie-corrected;
epsilon squared as its effect size) and Dunn's pairwise test (scikit-posthocs) it gives
the paired tests the design calls for: Cochran's Q across the models and exact
McNemar tests for each pair (statsmodels), on per-case correctness. A judged case
counts as correct when more than half of its verdicts were Correct (score > 0.5).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np
import pandas as pd
import scikit_posthocs as sp
from scipy.stats import kruskal, rankdata
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar
from statsmodels.stats.multitest import multipletests

from bj_evals.analysis.core.intervals import ALPHA, difference_interval
from bj_evals.analysis.core.logs import SCORED, TASK_ORDER
from bj_evals.analysis.core.names import Names, label_order, row_labels
from bj_evals.analysis.core.stats import ADJUSTMENTS, with_status

MAJORITY = 0.5
"""A case is correct for the paired tests when its score is above this."""


@dataclass(frozen=True)
class Comparison:
    """The tests across the models of one task and scoring setup, or why there are none."""

    bj_task: str
    models: list[str]
    statistic: float | None = None
    """Kruskal-Wallis H."""
    p_value: float | None = None
    dunn: pd.DataFrame | None = None
    """Dunn's adjusted p-values, model by model."""
    reason: str = ""
    setup: str = ""
    """What the compared runs share, when the task was run in several setups."""
    n_shared: int = 0
    n_each: dict[str, int] = field(default_factory=dict)
    df: int | None = None
    epsilon_squared: float | None = None
    cochran_q: float | None = None
    cochran_p: float | None = None
    cochran_reason: str = ""
    pairwise: pd.DataFrame | None = None

    @property
    def significant(self) -> bool:
        """Whether the Kruskal-Wallis test finds a difference at p < 0.05."""
        return self.p_value is not None and self.p_value < ALPHA

    @property
    def n_total(self) -> int:
        """N of the tests: every compared run's shared samples."""
        return self.n_shared * len(self.models)


def compare_models(
    samples: pd.DataFrame, adjust: str = "bonferroni", names: Names | None = None
) -> list[Comparison]:
    """For every task run by two or more models, test whether their per-case scores differ."""
    if adjust not in ADJUSTMENTS:
        raise ValueError(f"--adjust {adjust}: use one of {', '.join(ADJUSTMENTS)}")
    frame = with_status(samples)
    frame = frame.assign(label=row_labels(frame, names), setup=frame["setup"].fillna(""))
    order = label_order(frame, names)
    comparisons = []
    for bj_task in (t for t in TASK_ORDER if t in set(frame["bj_task"])):
        task_frame = frame[frame["bj_task"] == bj_task]
        setups = {setup: group for setup, group in task_frame.groupby("setup", sort=False)}
        several = len(setups) > 1
        compared = False
        for setup, group in setups.items():
            labels = [label for label in order if label in set(group["label"])]
            if len(labels) >= 2:
                comparisons.append(
                    _compare(
                        bj_task,
                        labels,
                        group,
                        adjust,
                        _setup_text(setup, setups) if several else "",
                    )
                )
                compared = True
        labels = [label for label in order if label in set(task_frame["label"])]
        if several and not compared and len(labels) >= 2:
            differ = ", ".join(_differing(list(setups)))
            reason = f"the runs were scored differently ({differ}), so they are not compared"
            comparisons.append(Comparison(bj_task, labels, reason=reason))
    return comparisons


def _compare(
    bj_task: str, labels: list[str], group: pd.DataFrame, adjust: str, setup: str
) -> Comparison:
    scored = group[group["status"] == SCORED]
    wide = scored.pivot_table(index="id", columns="label", values="score", aggfunc="first")
    wide = wide.reindex(columns=labels).astype(float)
    n_each = {label: int(wide[label].notna().sum()) for label in labels}
    shared = wide.dropna()
    if len(shared) < 2:
        reason = f"the runs share {len(shared)} scored samples, too few to compare"
        return Comparison(
            bj_task, labels, reason=reason, setup=setup, n_shared=len(shared), n_each=n_each
        )
    q, q_p, q_reason = _cochran(shared)
    paired = Comparison(
        bj_task, labels, setup=setup, n_shared=len(shared), n_each=n_each,
        cochran_q=q, cochran_p=q_p, cochran_reason=q_reason,
        pairwise=_pairwise(shared, labels, adjust),
    )  # fmt: skip
    if len(np.unique(shared.to_numpy())) == 1:
        value = float(shared.to_numpy()[0, 0])
        reason = f"every score is {value:g}, so ranks cannot differ: the test is undefined"
        return replace(paired, reason=reason)
    statistic, p_value = kruskal(*(shared[label] for label in labels))
    n_total = len(shared) * len(labels)
    dunn, dunn_pairs = _dunn(shared, labels, adjust)
    assert paired.pairwise is not None
    return replace(
        paired,
        statistic=float(statistic),
        p_value=float(p_value),
        dunn=dunn,
        df=len(labels) - 1,
        # Tomczak & Tomczak (2014): epsilon squared = H / (N - 1)
        epsilon_squared=float(statistic) / (n_total - 1),
        pairwise=paired.pairwise.merge(dunn_pairs, on=["model_a", "model_b"], how="left"),
    )


def _dunn(
    shared: pd.DataFrame, labels: list[str], adjust: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """scikit-posthocs' adjusted p matrix, and per pair Dunn's z (from the rank sums) and p."""
    long = shared.melt(var_name="label", value_name="score")
    adjusted = sp.posthoc_dunn(
        long, val_col="score", group_col="label", p_adjust=None if adjust == "none" else adjust
    ).reindex(index=labels, columns=labels)
    raw = sp.posthoc_dunn(long, val_col="score", group_col="label").reindex(
        index=labels, columns=labels
    )
    z = _dunn_z(long)
    rows = []
    for a, b in combinations(labels, 2):
        rows.append(
            {
                "model_a": a,
                "model_b": b,
                "dunn_z": z(a, b),
                "dunn_p": float(raw.loc[a, b]),
                "dunn_p_adjusted": float(adjusted.loc[a, b]),
            }
        )
    return pd.DataFrame(adjusted), pd.DataFrame(rows)


def _dunn_z(long: pd.DataFrame) -> Callable[[str, str], float]:
    """Dunn's z for a pair: the difference of mean ranks over its tie-corrected standard error.

    Computed as z, not back from p (which underflows to 0 and gives an infinite z); the same
    statistic whose two-sided normal p scikit-posthocs reports.
    """
    ranks = pd.Series(rankdata(long["score"]), index=long.index)
    mean, size = ranks.groupby(long["label"]).mean(), long.groupby("label").size()
    n = len(long)
    ties = long["score"].value_counts().to_numpy(dtype=float)
    variance = n * (n + 1) / 12 - float(np.sum(ties**3 - ties)) / (12 * (n - 1))

    def z(a: str, b: str) -> float:
        error = np.sqrt(variance * (1 / size[a] + 1 / size[b]))
        return float((mean[a] - mean[b]) / error) if error > 0 else np.nan

    return z


def _pairwise(shared: pd.DataFrame, labels: list[str], adjust: str) -> pd.DataFrame:
    """Per pair: accuracies, their difference with a paired bootstrap interval, exact McNemar."""
    correct = shared > MAJORITY
    rows = []
    for a, b in combinations(labels, 2):
        only_a = int((correct[a] & ~correct[b]).sum())
        only_b = int((~correct[a] & correct[b]).sum())
        both = int((correct[a] & correct[b]).sum())
        neither = len(shared) - only_a - only_b - both
        test = mcnemar([[both, only_a], [only_b, neither]], exact=True)
        low, high = difference_interval(shared[a], shared[b])
        rows.append(
            {
                "model_a": a,
                "model_b": b,
                "n": len(shared),
                "accuracy_a": float(shared[a].mean()),
                "accuracy_b": float(shared[b].mean()),
                "difference": float(shared[a].mean() - shared[b].mean()),
                "difference_low": low,
                "difference_high": high,
                "mcnemar_a_only": only_a,
                "mcnemar_b_only": only_b,
                "mcnemar_p": float(test.pvalue) if only_a + only_b else 1.0,
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows)
    if adjust == "none":
        table["mcnemar_p_adjusted"] = table["mcnemar_p"]
    else:
        table["mcnemar_p_adjusted"] = multipletests(table["mcnemar_p"], method=adjust)[1]
    return table


def _cochran(shared: pd.DataFrame) -> tuple[float | None, float | None, str]:
    """Cochran's Q on per-case correctness, or why it is undefined."""
    correct = (shared > MAJORITY).astype(int).to_numpy()
    if (correct.min(axis=1) == correct.max(axis=1)).all():
        return None, None, "every case has the same outcome for every model: Q is undefined"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = cochrans_q(correct)
    return float(result.statistic), float(result.pvalue), ""


def _differing(setups: list[str]) -> list[str]:
    parsed = [
        dict(part.split("=", 1) for part in setup.split("; ") if "=" in part) for setup in setups
    ]
    keys = dict.fromkeys(key for p in parsed for key in p)
    return [key for key in keys if len({p.get(key) for p in parsed}) > 1]


def _setup_text(setup: str, setups: dict[str, pd.DataFrame]) -> str:
    keys = _differing(list(setups))
    parsed = dict(part.split("=", 1) for part in setup.split("; ") if "=" in part)
    return "; ".join(f"{key}={parsed.get(key, '')}" for key in keys)
