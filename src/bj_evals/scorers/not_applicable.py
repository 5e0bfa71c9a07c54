"""Samples of a task that does not apply to the evaluated model: unscored, with the reason."""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import TaskState

NOT_APPLICABLE = "not_applicable"
"""The `Score.reason` of every sample of a task that does not apply."""


@scorer(metrics=[mean()])
def not_applicable_score(reason: str) -> Scorer:
    """Leave every sample unscored, with the reason."""

    async def score(state: TaskState, target: Target) -> Score:
        return Score.unscored(reason=NOT_APPLICABLE, explanation=reason)

    return score
