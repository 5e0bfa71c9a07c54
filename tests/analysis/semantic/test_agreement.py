"""The agreement statistics against scipy and scikit-learn on scripted values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import roc_auc_score

from bj_evals.analysis.semantic.agreement import (
    agreement_table,
    auc,
    case_bootstrap,
    disagreement,
    f1_table,
    point_biserial,
    spearman,
)
from bj_evals.analysis.semantic.section import agreement_markdown

RNG = np.random.default_rng(7)
N = 40
CORRECT = (np.arange(N) % 3 != 0).astype(float)
F1 = np.round(0.80 + 0.08 * CORRECT + RNG.normal(0, 0.04, N), 3)  # ties included
JUDGE = np.where(CORRECT == 1, RNG.choice([2 / 3, 1.0], N), RNG.choice([0.0, 1 / 3], N))


def answers(encoder: str = "enc (layer 9)") -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame(
        {
            "log": "run.eval",
            "id": [f"case-{n // 2}-{n % 2}" for n in range(N)],
            "bj_task": "IV",
            "label": np.where(np.arange(N) % 2 == 0, "model A", "model B"),
            "case_id": [f"case-{n // 2}" for n in range(N)],
            "encoder": encoder,
            "semantic_f1": F1,
            "judge": JUDGE,
            "verdict": np.where(CORRECT == 1, "Correct", "Incorrect"),
        }
    )
    return frame


def test_the_statistics_are_scipys_and_sklearns() -> None:
    assert spearman(F1, JUDGE) == pytest.approx(spearmanr(F1, JUDGE).statistic)
    assert point_biserial(F1, CORRECT) == pytest.approx(pearsonr(CORRECT, F1).statistic)
    assert auc(F1, CORRECT) == pytest.approx(roc_auc_score(CORRECT, F1))


def test_without_both_verdicts_or_spread_there_is_no_statistic() -> None:
    assert np.isnan(auc(F1, np.ones(N)))
    assert np.isnan(point_biserial(F1, np.zeros(N)))
    assert np.isnan(spearman(np.full(N, 0.9), JUDGE))


def test_each_statistic_has_a_case_level_interval_around_it() -> None:
    [row] = agreement_table(answers()).to_dict("records")
    assert (row["n"], row["n_correct"], row["n_incorrect"]) == (N, int(CORRECT.sum()), N - int(CORRECT.sum()))  # fmt: skip
    for name in ("spearman", "point_biserial", "auc"):
        assert row[f"{name}_low"] <= row[name] <= row[f"{name}_high"], name
        assert row[f"{name}_high"] - row[f"{name}_low"] > 0.01, name


def test_the_bootstrap_resamples_whole_cases() -> None:
    # two identical answers per case: resampling cases, not answers, keeps them together
    x = np.repeat(np.arange(10.0), 2)
    cases = np.repeat([f"c{n}" for n in range(10)], 2)
    low, high = case_bootstrap(lambda a, b: float(np.mean(a)), x, x, cases)
    singles = case_bootstrap(lambda a, b: float(np.mean(a)), x[::2], x[::2], cases[::2])
    assert (low, high) == pytest.approx(singles)


def test_f1_sits_beside_accuracy_per_model_and_encoders_are_never_pooled() -> None:
    both = pd.concat([answers("enc-1 (layer 9)"), answers("enc-2 (layer 6)")])
    table = f1_table(both)
    assert len(table) == 4 and set(table["encoder"]) == {"enc-1 (layer 9)", "enc-2 (layer 6)"}
    a = table[(table["label"] == "model A") & (table["encoder"] == "enc-1 (layer 9)")].iloc[0]
    assert a["mean_f1"] == pytest.approx(F1[::2].mean())
    assert a["accuracy"] == pytest.approx(JUDGE[::2].mean())
    assert len(agreement_table(both)) == 2


def test_the_largest_disagreements_are_a_top_f1_judged_incorrect_or_a_bottom_f1_judged_correct() -> (
    None
):
    frame = answers()
    frame.loc[0, ["semantic_f1", "judge", "verdict"]] = (0.99, 0.0, "Incorrect")
    frame.loc[1, ["semantic_f1", "judge", "verdict"]] = (0.10, 1.0, "Correct")
    ranked = disagreement(frame).sort_values("disagreement", ascending=False)
    assert set(ranked["id"].iloc[:2]) == {"case-0-0", "case-0-1"}
    assert ranked["disagreement"].iloc[1] > 0.95
    assert ranked["f1_rank"].between(0, 1).all()


def test_a_statistic_that_cannot_be_computed_is_blank_and_says_why() -> None:
    shown = agreement_markdown(agreement_table(answers()))
    assert "cannot be computed" not in shown
    all_incorrect = answers().assign(judge=0.0, verdict="Incorrect")
    shown = agreement_markdown(agreement_table(all_incorrect))
    assert "| IV | 40 | 0 / 40 |  |  |  |  |  |  |" in shown
    assert "A blank cell cannot be computed" in shown and "none Incorrect" in shown
