"""Dunn's z is computed as z from the rank sums, so it stays finite where its p underflows."""

from __future__ import annotations

import math

import pytest
from scipy.stats import kruskal, norm

from bj_evals.analysis.paper.compare import compare_models
from tests.analysis.paper.test_stats import samples


def test_complete_separation_over_1000_cases_gives_the_textbook_z_not_infinity() -> None:
    a, b = [1.0] * 1000, [0.0] * 1000
    [comparison] = compare_models(samples({"a": a, "b": b}))
    assert comparison.pairwise is not None
    [pair] = comparison.pairwise.to_dict("records")
    # two groups: Dunn's z squared is the tie-corrected Kruskal-Wallis H
    textbook = math.sqrt(kruskal(a, b).statistic)
    assert math.isfinite(pair["dunn_z"]) and pair["dunn_z"] == pytest.approx(textbook)
    assert pair["dunn_z"] == pytest.approx(44.7, abs=0.05)


def test_dunn_z_and_its_p_agree_and_the_sign_follows_the_higher_mean_rank() -> None:
    a = [1.0, 0.0, 1.0, 1.0, 0.5, 1.0, 0.0, 1.0]
    b = [0.0, 0.0, 1.0, 0.0, 0.5, 0.0, 0.0, 1.0]
    [comparison] = compare_models(samples({"a": a, "b": b}))
    assert comparison.pairwise is not None
    [pair] = comparison.pairwise.to_dict("records")
    assert pair["dunn_z"] == pytest.approx(math.sqrt(kruskal(a, b).statistic))
    assert pair["dunn_p"] == pytest.approx(2 * norm.sf(abs(pair["dunn_z"])))
