"""Tasks I-III are scored by the letter the answer names, live and when a log is scored again."""

from __future__ import annotations

from inspect_ai import Task, eval, score
from inspect_ai.dataset import Sample
from inspect_ai.solver import multiple_choice

from bj_evals.scorers.choice import mcq_choice
from tests.helpers import Scripted, reply

QUESTIONS = [
    Sample(
        id=f"q{n}",
        input=f"Question {n}?",
        choices=list("vwxyz"),
        target=key,
        metadata={"case_id": f"q{n}", "site": "knee"},
    )
    for n, key in enumerate("ABCDE")
]


def test_the_named_letter_scores_live_and_again_from_the_log() -> None:
    task = Task(dataset=QUESTIONS, solver=multiple_choice(), scorer=mcq_choice())
    [live] = eval(task, model=Scripted(lambda call: reply("ANSWER: B")).model(), display="none")

    again = score(live, [mcq_choice()], action="overwrite", display="none")

    for log in (live, again):
        assert log.samples is not None
        values = {s.id: [v.value for v in (s.scores or {}).values()] for s in log.samples}
        assert values == {"q0": ["I"], "q1": ["C"], "q2": ["I"], "q3": ["I"], "q4": ["I"]}
