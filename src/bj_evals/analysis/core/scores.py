"""Which of a sample's scores is its task's own: the semantic score, when asked for, sits beside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from bj_evals.scorers.semantic import SEMANTIC

ScoreT = TypeVar("ScoreT")


def is_semantic(name: str) -> bool:
    """Whether a sample's score `name` is the semantic score (`bj_evals/semantic`)."""
    return name.rsplit("/", 1)[-1] == SEMANTIC


def main_score(scores: Mapping[str, ScoreT] | None) -> ScoreT | None:
    """The task's own score (the judge's, or the letter's): the first that is not semantic."""
    return next((s for name, s in (scores or {}).items() if not is_semantic(name)), None)


def semantic_of(scores: Mapping[str, ScoreT] | None) -> ScoreT | None:
    """The semantic score among `scores`, or None."""
    return next((s for name, s in (scores or {}).items() if is_semantic(name)), None)
