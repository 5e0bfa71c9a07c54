"""Tasks I-III: Inspect's `choice()`, which also scores a log read again by `inspect score`.

Inspect's `multiple_choice()` solver marks the option the answer names on the task
state, and `choice()` scores those marks; the marks are not written to the log, so
re-scoring a log with `choice()` alone finds no answer in any sample and scores 0%.
Here the options are marked again from the answer, live and re-scored, with the
solver's own parser, before `choice()` scores them. One change to that parser: it
reads the last `ANSWER` line, so a reply listing every letter would be credited
whatever the key; a reply whose `ANSWER` lines name different letters names none.
"""

from __future__ import annotations

import re

from inspect_ai.model import ModelOutput
from inspect_ai.scorer import Score, Scorer, Target, choice, scorer
from inspect_ai.solver import TaskState
from inspect_ai.solver._multiple_choice import (  # inspect-evals-lint: ignore[IECQ001] -- the multiple_choice solver's own answer parser, to re-mark a state read from a log
    parse_answers,
    set_choices_based_on_generated_response,
)

from bj_evals.scorers.judge import PACKAGE, rescorable
from bj_evals.scorers.metrics import headline_metrics

ANSWER_LINE = re.compile(r"(?i)^[\s*_#>`-]*ANSWER\s*:")
"""A line that gives an answer: `ANSWER:` first, after any markdown."""


@rescorable
@scorer(name=f"{PACKAGE}/choice", metrics=headline_metrics())
def mcq_choice() -> Scorer:
    """The option the answer names (`ANSWER: <letter>`) against the key, live or re-scored."""
    score_marks = choice()

    async def score(state: TaskState, target: Target) -> Score:
        if state.choices:
            set_choices_based_on_generated_response(state, answer_named(state))
        scored = await score_marks(state, target)
        assert scored is not None  # choice() always scores
        letters = letters_on_answer_lines(state)
        if len(letters) > 1:
            scored.metadata = {**(scored.metadata or {}), "letters_named": sorted(letters)}
        return scored

    return score


def answer_named(state: TaskState) -> set[str]:
    """The letter the reply names as Inspect's parser reads it; none if `ANSWER` lines differ."""
    if len(letters_on_answer_lines(state)) > 1:
        return set()
    return parse_answers(state, False)


def letters_on_answer_lines(state: TaskState) -> set[str]:
    """The letters named on the reply's `ANSWER` lines, each line read by Inspect's parser."""
    options = [option.value for option in state.choices]
    letters: set[str] = set()
    for line in state.output.completion.splitlines():
        if ANSWER_LINE.match(line):
            letters |= parse_answers(_replying(state, line, options), False)
    return letters


def _replying(state: TaskState, text: str, options: list[str]) -> TaskState:
    return TaskState(
        model=state.model,
        sample_id=state.sample_id,
        epoch=state.epoch,
        input="",
        messages=[],
        choices=options,
        output=ModelOutput.from_content(model=str(state.model), content=text),
    )
