"""A task that does not apply to the evaluated model: recorded as such, the model never called.

Tasks III and VIII are answered from the image. In a suite that runs every task on a
line-up of vision-language and text-only models (`inspect eval-set`), a text-only
model gets a log for them that says "not applicable" instead of an error that would
stop the whole set. Every sample is kept, by its id, and left unscored.
"""

from __future__ import annotations

from inspect_ai.model import ModelOutput
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

NOT_APPLICABLE = "not_applicable"


@solver
def not_applicable(reason: str) -> Solver:
    """Answer nothing: the sample's output says why the task does not apply."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.output = ModelOutput.from_content(model="none", content=f"Not applicable: {reason}")
        state.completed = True
        return state

    return solve


@scorer(metrics=[mean()])
def not_applicable_score(reason: str) -> Scorer:
    """Leave every sample unscored, with the reason."""

    async def score(state: TaskState, target: Target) -> Score:
        return Score.unscored(reason=NOT_APPLICABLE, explanation=reason)

    return score
