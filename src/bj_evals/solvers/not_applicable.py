"""A task that does not apply to the evaluated model: the model is never called.

Tasks III and VIII are answered from the image. In a suite that runs every task on a
line-up of vision-language and text-only models (`inspect eval-set`), a text-only
model gets a log for them that says "not applicable" instead of an error that would
stop the whole set (`scorers/not_applicable.py` leaves every sample unscored).
"""

from __future__ import annotations

from inspect_ai.model import ModelOutput
from inspect_ai.solver import Generate, Solver, TaskState, solver


@solver
def not_applicable(reason: str) -> Solver:
    """Answer nothing: the sample's output says why the task does not apply."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.output = ModelOutput.from_content(model="none", content=f"Not applicable: {reason}")
        state.completed = True
        return state

    return solve
