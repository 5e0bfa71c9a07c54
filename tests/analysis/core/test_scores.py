"""A sample's own score is found beside the semantic score, whichever comes first."""

from __future__ import annotations

from bj_evals.analysis.core.scores import main_score, semantic_of


def test_the_tasks_own_score_is_the_one_that_is_not_semantic() -> None:
    scores = {"bj_evals/semantic": "s", "bj_evals/clinical_judge": "j"}
    assert (main_score(scores), semantic_of(scores)) == ("j", "s")
    assert (main_score({"choice": "c"}), semantic_of({"choice": "c"})) == ("c", None)


def test_a_sample_with_the_semantic_score_alone_has_no_score_of_its_own() -> None:
    assert main_score({"semantic": "s"}) is None
    assert main_score(None) is None
