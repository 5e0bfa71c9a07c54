"""The statistics on worked examples, checked against formulas computed here."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.stats import beta

from bj_evals.analysis.stats import accuracy_table, compare_models

Z = 1.959963984540054


def samples(scores: dict[str, list[float]], bj_task: str = "IV") -> pd.DataFrame:
    rows = [
        {"task": "t", "bj_task": bj_task, "model": model, "imaging": "image", "grader": "g",
         "score": value, "unclear": 0.0, "unanimous": 1.0, "text_driven": None, "id": str(n)}
        for model, values in scores.items()
        for n, value in enumerate(values)
    ]  # fmt: skip
    frame: pd.DataFrame = pd.DataFrame(rows, columns=list(rows[0]))
    return frame


def wilson(k: float, n: int) -> tuple[float, float]:
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return centre - half, centre + half


def clopper_pearson(k: float, n: int) -> tuple[float, float]:
    low = 0.0 if k == 0 else beta.ppf(0.025, k, n - k + 1)
    high = 1.0 if k == n else beta.ppf(0.975, k + 1, n - k)
    return low, high


def agresti_coull(k: float, n: int) -> tuple[float, float]:
    n_tilde = n + Z**2
    p = (k + Z**2 / 2) / n_tilde
    half = Z * math.sqrt(p * (1 - p) / n_tilde)
    return max(0.0, p - half), min(1.0, p + half)


@pytest.mark.parametrize("k", [0, 7, 16])
@pytest.mark.parametrize(
    ("method", "formula"),
    [("wilson", wilson), ("clopper-pearson", clopper_pearson), ("agresti-coull", agresti_coull)],
)
def test_intervals_match_their_formulas_including_0_and_100_percent(
    k: int, method: str, formula: object
) -> None:
    row = accuracy_table(samples({"m": [1.0] * k + [0.0] * (16 - k)}), method).iloc[0]  # type: ignore[arg-type]
    low, high = formula(k, 16)  # type: ignore[operator]
    assert (row.n, row.accuracy) == (16, k / 16)
    assert row.ci_low == pytest.approx(low, abs=1e-9) and row.ci_high == pytest.approx(
        high, abs=1e-9
    )


def test_averaged_verdicts_count_as_fractions_of_a_correct_answer() -> None:
    row = accuracy_table(samples({"m": [2 / 3, 1 / 3, 1.0, 0.0]})).iloc[0]
    assert row.correct == pytest.approx(2.0) and row.accuracy == pytest.approx(0.5)


def test_two_models_give_a_kruskal_wallis_test_and_one_dunn_pair() -> None:
    [comparison] = compare_models(samples({"a": [1, 1, 1, 0, 1, 1], "b": [0, 0, 1, 0, 0, 0]}))
    assert comparison.models == ["a", "b"] and comparison.statistic is not None
    assert comparison.dunn is not None and comparison.dunn.shape == (2, 2)
    assert comparison.p_value is not None and 0 < comparison.p_value < 1


def test_all_identical_scores_are_undefined_with_a_reason() -> None:
    [comparison] = compare_models(samples({"a": [1.0] * 5, "b": [1.0] * 5, "c": [1.0] * 5}))
    assert comparison.statistic is None and comparison.p_value is None
    assert "every score is 1, so ranks cannot differ" in comparison.reason


def test_one_model_is_not_compared() -> None:
    assert compare_models(samples({"a": [1.0, 0.0]})) == []


def test_a_report_run_with_reports_is_its_own_row() -> None:
    frame = pd.concat(
        [samples({"m": [1.0, 0.0]}), samples({"m": [1.0, 1.0]}).assign(imaging="report")]
    )
    table = accuracy_table(frame)
    assert list(table["model"]) == ["m", "m (report)"]


def test_unknown_methods_are_refused() -> None:
    with pytest.raises(ValueError, match="use one of wilson"):
        accuracy_table(samples({"m": [1.0]}), "exact")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="use one of bonferroni"):
        compare_models(samples({"m": [1.0]}), "tukey")
