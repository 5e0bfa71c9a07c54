"""95% intervals: binomial intervals on counts, and case-level bootstraps for averaged scores.

A judged sample is worth 0, 1/3, 2/3 or 1 with three repeats, so a binomial interval on
the sum of scores (the paper's way) is an approximation. The bootstrap here resamples
cases (scipy.stats.bootstrap, BCa, 9999 resamples, a fixed seed, so a report is
reproducible) and respects fractional scores. When every case scores the same the
bootstrap has no spread to resample: the Wilson interval over the cases is given
instead, so that 0 of 16 never reads as a certain 0%.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import bootstrap
from statsmodels.stats.proportion import proportion_confint

ALPHA = 0.05
TOLERANCE = 1e-9
"""How far apart two shares may be and still be the same threshold (floating-point error)."""
SEED = 20251227
RESAMPLES = 9999

Statistic = Callable[..., NDArray[np.float64]]


def binomial(
    count: ArrayLike, n: ArrayLike, method: str = "wilson"
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Statsmodels' interval on `count` of `n` (count may be fractional), clipped to hold the estimate."""
    count, n = np.asarray(count, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high = proportion_confint(count, n, alpha=ALPHA, method=method)
        estimate = count / n
    # the bounds meet the estimate at 0% and 100%; clip the floating-point excess
    return np.fmin(np.asarray(low, dtype=float), estimate), np.fmax(
        np.asarray(high, dtype=float), estimate
    )


def mean_interval(values: ArrayLike) -> tuple[float, float]:
    """A case-level bootstrap interval of the mean score."""
    data = np.asarray(values, dtype=float)
    if len(data) == 0:
        return (np.nan, np.nan)
    if np.ptp(data) == 0:
        low, high = binomial(data.sum(), len(data))
        return float(low), float(high)
    return _bootstrap((data,), _mean, paired=False)


def task_mean_interval(
    scores: ArrayLike, tasks: ArrayLike, clusters: ArrayLike
) -> tuple[float, float]:
    """The mean of per-task accuracies, resampling whole clusters (one case across IV-VII).

    A case answered in several tasks is one unit of the bootstrap, so the interval does
    not treat its four answers as independent.
    """
    data = np.asarray(scores, dtype=float)
    if len(data) == 0:
        return (np.nan, np.nan)
    _, task_index = np.unique(np.asarray(tasks), return_inverse=True)
    _, cluster_index = np.unique(np.asarray(clusters), return_inverse=True)
    n_tasks, n_clusters = task_index.max() + 1, cluster_index.max() + 1
    if np.ptp(data) == 0:
        low, high = binomial(float(data[0]) * n_clusters, n_clusters)
        return float(low), float(high)
    sums = np.zeros((n_tasks, n_clusters))
    counts = np.zeros((n_tasks, n_clusters))
    np.add.at(sums, (task_index, cluster_index), data)
    np.add.at(counts, (task_index, cluster_index), 1.0)
    return _bootstrap((*sums, *counts), _mean_of_task_means, paired=True)


def difference_interval(a: ArrayLike, b: ArrayLike) -> tuple[float, float]:
    """A paired case-level bootstrap interval of mean(a) - mean(b); NaN when it has no spread."""
    first, second = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(first) < 2 or np.ptp(first - second) == 0:
        return (np.nan, np.nan)
    return _bootstrap((first, second), _difference, paired=True)


def paired_interval(arrays: list[NDArray[np.float64]], statistic: Statistic) -> tuple[float, float]:
    """A paired case-level percentile bootstrap interval of `statistic(*arrays, axis)`.

    Percentile, not BCa: for a statistic such as a maximum minus a minimum over a few
    discrete scores, BCa's jackknife acceleration is unstable and can stretch the interval.
    """
    if len(arrays[0]) < 2:
        return (np.nan, np.nan)
    return _bootstrap(tuple(arrays), statistic, paired=True, methods=("percentile",))


def _mean(x: NDArray[np.float64], axis: int = -1) -> NDArray[np.float64]:
    return np.asarray(np.mean(x, axis=axis))


def _mean_of_task_means(*arrays: NDArray[np.float64], axis: int = -1) -> NDArray[np.float64]:
    half = len(arrays) // 2
    with np.errstate(invalid="ignore", divide="ignore"):
        means = [
            np.sum(s, axis=axis) / np.sum(c, axis=axis)
            for s, c in zip(arrays[:half], arrays[half:], strict=True)
        ]
    return np.asarray(np.nanmean(np.stack(means), axis=0))


def _difference(
    a: NDArray[np.float64], b: NDArray[np.float64], axis: int = -1
) -> NDArray[np.float64]:
    return np.asarray(np.mean(a, axis=axis) - np.mean(b, axis=axis))


def _bootstrap(
    data: tuple[NDArray[np.float64], ...],
    statistic: Statistic,
    *,
    paired: bool,
    methods: tuple[str, ...] = ("BCa", "percentile"),
) -> tuple[float, float]:
    """BCa, or the percentile interval where BCa is undefined (a near-constant resample)."""
    for method in methods:
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore"
            )  # scipy warns of degenerate BCa; the fallback handles it
            result = bootstrap(
                data,
                statistic,
                n_resamples=RESAMPLES,
                paired=paired,
                vectorized=True,
                confidence_level=1 - ALPHA,
                method=method,
                random_state=np.random.default_rng(SEED),
            )
        low, high = result.confidence_interval
        if np.isfinite(low) and np.isfinite(high):
            return float(low), float(high)
    return (np.nan, np.nan)
