"""Linear probes of image embeddings: does a vision encoder see the site, modality, disease.

For each label, a cross-validated logistic regression (scikit-learn, standardised features,
balanced class weights) predicts it from the embeddings; folds are grouped by case
(`StratifiedGroupKFold`), so images of one case are never split between training and
test. Every image is predicted once, by the fold that held it out; its balanced accuracy
is compared with the majority-class baseline (scikit-learn's `DummyClassifier`, fitted
in the same folds), whose balanced accuracy is chance, 1 / classes. The 95% intervals
come from a bootstrap over cases (percentile, `RESAMPLES` resamples, a fixed seed): a
case is resampled with all its images, and the probe, the baseline and their difference
are computed on the same resamples. Only classes shared by at least `MIN_CASES` cases
are probed (a class held by one case cannot be both trained and tested on).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from bj_evals.errors import BJEvalsError

TARGETS = ("site", "modality", "disease")
MIN_CASES = 2
"""A class is probed when at least this many cases have it."""
FOLDS = 5
RESAMPLES = 2000
SEED = 20251227


def fit_probes(
    matrix: NDArray[Any],
    labels: pd.DataFrame,
    groups: pd.Series,
    folds: int = FOLDS,
    seed: int = SEED,
) -> pd.DataFrame:
    """One row per target in `labels`: the probe's and the baseline's balanced accuracy, with intervals."""
    try:
        from sklearn.dummy import DummyClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError as error:
        raise BJEvalsError(
            "bj-evals probe needs scikit-learn: pip install 'bj-evals[local]'"
        ) from error
    rows = []
    for target in [t for t in TARGETS if t in labels]:
        y, g = labels[target].astype(str), groups.astype(str)
        cases = pd.DataFrame({"y": y, "g": g}).drop_duplicates().groupby("y")["g"].size()
        kept = sorted(cases[cases >= MIN_CASES].index)
        row: dict[str, Any] = {"target": target, "classes": len(kept)}
        row["left_out"] = _left_out(cases, kept)
        if len(kept) < 2:
            rows.append(row | {"note": f"fewer than two classes shared by {MIN_CASES} cases"})
            continue
        mask = y.isin(kept).to_numpy()
        X, yk, gk = matrix[mask], y[mask].to_numpy(), g[mask].to_numpy()
        splits = min(folds, int(cases[kept].min()))
        cv = StratifiedGroupKFold(
            n_splits=splits, shuffle=True, random_state=seed
        )  # inspect-evals-lint: ignore[IEBP011] -- seeded by random_state
        probe = make_pipeline(
            StandardScaler(), LogisticRegression(max_iter=5000, class_weight="balanced")
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # constant features, tiny folds: the numbers stand
            predicted = cross_val_predict(probe, X, yk, groups=gk, cv=cv)
            baseline = cross_val_predict(
                DummyClassifier(strategy="most_frequent"), X, yk, groups=gk, cv=cv
            )
        row |= {"images": int(mask.sum()), "cases": len(set(gk)), "folds": splits}
        row |= _with_intervals(yk, predicted, baseline, gk, seed)
        row["accuracy"] = float(np.mean(predicted == yk))
        row["majority_share"] = float(pd.Series(yk).value_counts(normalize=True).iloc[0])
        row["note"] = ""
        rows.append(row)
    found: pd.DataFrame = pd.DataFrame(rows)
    return found


def _with_intervals(
    truth: NDArray[Any],
    predicted: NDArray[Any],
    baseline: NDArray[Any],
    groups: NDArray[Any],
    seed: int,
) -> dict[str, float]:
    """Balanced accuracies and their case-bootstrap 95% intervals, and the paired difference."""
    from sklearn.metrics import balanced_accuracy_score

    def score(index: NDArray[Any]) -> tuple[float, float]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a resample may lack a class: it is left out
            return (
                float(balanced_accuracy_score(truth[index], predicted[index])),
                float(balanced_accuracy_score(truth[index], baseline[index])),
            )

    cases = np.unique(groups)
    members = [np.flatnonzero(groups == case) for case in cases]
    rng = np.random.default_rng(seed)
    resampled = np.array(
        [
            score(np.concatenate([members[i] for i in rng.integers(0, len(cases), len(cases))]))
            for _ in range(RESAMPLES)
        ]
    )
    probe, chance = score(np.arange(len(truth)))
    low, high = np.percentile(resampled, [2.5, 97.5], axis=0)
    gap = np.percentile(resampled[:, 0] - resampled[:, 1], [2.5, 97.5])
    return {
        "balanced_accuracy": probe,
        "low": float(low[0]),
        "high": float(high[0]),
        "baseline": chance,
        "baseline_low": float(low[1]),
        "baseline_high": float(high[1]),
        "difference": probe - chance,
        "difference_low": float(gap[0]),
        "difference_high": float(gap[1]),
    }


def _left_out(cases: pd.Series, kept: list[str]) -> str:
    """The classes not probed, with their number of cases; only counted when there are many."""
    left = sorted(set(cases.index) - set(kept))
    if len(left) > 4:
        return f"{len(left)} classes with fewer than {MIN_CASES} cases each"
    return ", ".join(
        f"{name} ({cases[name]} case{'s' if cases[name] > 1 else ''})" for name in left
    )
