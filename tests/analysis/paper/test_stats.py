"""The statistics on worked examples, checked against formulas computed here."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta, bootstrap, kruskal

from bj_evals.analysis.core.markdown import cell, p_value
from bj_evals.analysis.core.stats import accuracy_table
from bj_evals.analysis.paper.compare import compare_models

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
    assert comparison.pairwise is not None and len(comparison.pairwise) == 1
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


def test_judged_rows_get_a_case_bootstrap_interval_that_respects_fractional_scores() -> None:
    scores = [2 / 3, 1 / 3, 1.0, 0.0, 1.0, 2 / 3, 1 / 3, 1.0, 0.0, 1 / 3, 2 / 3, 1.0]
    row = accuracy_table(samples({"m": scores})).iloc[0]
    expected = bootstrap(
        (np.array(scores),), np.mean, n_resamples=9999, method="BCa",
        random_state=np.random.default_rng(20251227),
    ).confidence_interval  # fmt: skip
    assert (row.boot_low, row.boot_high) == pytest.approx((expected.low, expected.high))
    assert row.boot_low < row.accuracy < row.boot_high


def test_the_bootstrap_of_identical_scores_is_the_wilson_interval_not_a_point() -> None:
    row = accuracy_table(samples({"m": [0.0] * 16})).iloc[0]
    low, high = wilson(0, 16)
    assert (row.boot_low, row.boot_high) == pytest.approx((low, high))
    assert row.boot_high > 0.19


def test_mcq_rows_have_no_bootstrap_column_value() -> None:
    row = accuracy_table(samples({"m": [1.0, 0.0, 1.0]}, bj_task="I")).iloc[0]
    assert math.isnan(row.boot_low) and math.isnan(row.grader_failed)


def test_kruskal_wallis_gives_df_n_and_epsilon_squared() -> None:
    a, b, c = [1, 1, 1, 0, 1, 1, 2 / 3, 1], [0, 0, 1, 0, 1 / 3, 0, 0, 1], [1.0, 0, 1, 0, 0, 1, 0, 0]
    [comparison] = compare_models(samples({"a": a, "b": b, "c": c}))
    h, p = kruskal(a, b, c)
    assert comparison.statistic == pytest.approx(h) and comparison.p_value == pytest.approx(p)
    assert (comparison.df, comparison.n_total, comparison.n_shared) == (2, 24, 8)
    assert comparison.epsilon_squared == pytest.approx(h / 23)


def test_the_paired_difference_has_a_paired_bootstrap_interval() -> None:
    a = [1, 1, 1, 0, 1, 1, 2 / 3, 1, 1, 0]
    b = [0, 0, 1, 0, 1 / 3, 0, 0, 1, 1, 0]
    [comparison] = compare_models(samples({"a": a, "b": b}))
    assert comparison.pairwise is not None
    [row] = comparison.pairwise.to_dict("records")
    differences = np.array(a) - np.array(b)
    expected = bootstrap(
        (np.array(a, dtype=float), np.array(b, dtype=float)),
        lambda x, y, axis: np.mean(x, axis=axis) - np.mean(y, axis=axis),
        paired=True, n_resamples=9999, method="BCa", random_state=np.random.default_rng(20251227),
    ).confidence_interval  # fmt: skip
    assert row["difference"] == pytest.approx(differences.mean())
    assert (row["difference_low"], row["difference_high"]) == pytest.approx(
        (expected.low, expected.high)
    )


def test_p_values_are_printed_as_a_journal_prints_them() -> None:
    assert [p_value(p) for p in (0.00001, 0.0001, 0.031234, 0.5, 1.0, 0.000123)] == [
        "< 0.0001", "0.000100", "0.0312", "0.500", "1.00", "0.000123",
    ]  # fmt: skip


def test_markdown_cells_escape_pipes_and_line_breaks() -> None:
    assert cell("a | b\nc") == "a \\| b c"
    assert cell("a |\n\nb") == "a \\| b"


def test_unknown_methods_are_refused() -> None:
    with pytest.raises(ValueError, match="use one of wilson"):
        accuracy_table(samples({"m": [1.0]}), "exact")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="use one of bonferroni"):
        compare_models(samples({"m": [1.0]}), "tukey")


def test_runs_scored_by_another_grader_or_panel_are_not_compared() -> None:
    frame = pd.concat(
        [
            samples({"a": [1.0, 0.0, 1.0]}).assign(setup="data=demo; grader=g1, g2"),
            samples({"b": [0.0, 0.0, 1.0]}).assign(setup="data=demo; grader=g3"),
        ]
    )
    [comparison] = compare_models(frame)
    assert comparison.statistic is None
    assert (
        comparison.reason == "the runs were scored differently (grader), so they are not compared"
    )
