"""Tasks I-III: Inspect's `choice()`, which also scores a log read again by `inspect score`.

Inspect's `multiple_choice()` solver marks the option the answer names on the task
state, and `choice()` scores those marks; the marks are not written to the log, so
re-scoring a log with `choice()` alone finds no answer in any sample and scores 0%.
Here a state whose options carry no mark is marked again from the answer, with the
solver's own parser, before `choice()` scores it.
"""

from __future__ import annotations

from inspect_ai.scorer import Score, Scorer, Target, choice, scorer
from inspect_ai.solver import TaskState
from inspect_ai.solver._multiple_choice import (  # inspect-evals-lint: ignore[IECQ001] -- the multiple_choice solver's own answer parser, to re-mark a state read from a log
    parse_answers,
    set_choices_based_on_generated_response,
)

from bj_evals.scorers.judge import PACKAGE, rescorable
from bj_evals.scorers.metrics import headline_metrics


@rescorable
@scorer(name=f"{PACKAGE}/choice", metrics=headline_metrics())
def mcq_choice() -> Scorer:
    """The option the answer names (`ANSWER: <letter>`) against the key, live or re-scored."""
    score_marks = choice()

    async def score(state: TaskState, target: Target) -> Score:
        if state.choices and all(option.correct is None for option in state.choices):
            set_choices_based_on_generated_response(state, parse_answers(state, False))
        scored = await score_marks(state, target)
        assert scored is not None  # choice() always scores
        return scored

    return score
