"""Tasks I-III are scored by the letter the answer names, live and when a log is scored again.

The letter is read by Inspect's own parser, except that a reply naming different letters
on its `ANSWER` lines names none.
"""

from __future__ import annotations

import pytest
from inspect_ai import Task, eval, score
from inspect_ai.dataset import Sample
from inspect_ai.log import EvalLog
from inspect_ai.model import ModelName, ModelOutput
from inspect_ai.solver import TaskState, multiple_choice
from inspect_ai.solver._multiple_choice import parse_answers

from bj_evals.scorers.choice import answer_named, mcq_choice
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


def scored(log: EvalLog) -> dict[str, tuple[object, str | None, str | None]]:
    assert log.samples is not None
    return {
        str(s.id): (score.value, score.answer, score.reason)
        for s in log.samples
        for score in (s.scores or {}).values()
    }


def live_and_again(text: str) -> list[EvalLog]:
    task = Task(dataset=QUESTIONS, solver=multiple_choice(), scorer=mcq_choice())
    [live] = eval(task, model=Scripted(lambda call: reply(text)).model(), display="none")
    return [live, score(live, [mcq_choice()], action="overwrite", display="none")]


def test_a_reply_naming_every_letter_on_answer_lines_is_no_answer() -> None:
    hedged = "\n".join(f"ANSWER: {letter}" for letter in "ABCDE")
    named_none = live_and_again("I cannot tell.")[0]

    for log in live_and_again(hedged):
        assert scored(log) == scored(named_none)
        assert set(scored(log).values()) == {("I", "", "invalid_response_format")}
        assert log.samples is not None
        for sample in log.samples:
            [evidence] = [s.metadata for s in (sample.scores or {}).values()]
            assert evidence == {"letters_named": list("ABCDE")}


def test_the_same_letter_on_several_answer_lines_still_counts() -> None:
    for log in live_and_again("ANSWER: B\nOn reflection, yes.\nanswer: b"):
        assert scored(log)["q1"] == ("C", "B", None)
        assert [value for value, _, _ in scored(log).values()].count("I") == 4


def state_replying(text: str) -> TaskState:
    return TaskState(
        model=ModelName("mockllm/model"),
        sample_id="q",
        epoch=1,
        input="Question?",
        messages=[],
        choices=list("vwxyz"),
        output=ModelOutput.from_content(model="mockllm/model", content=text),
    )


@pytest.mark.parametrize(
    "text",
    [
        "ANSWER: C",
        "ANSWER: c.",
        "Reasoning first.\n\nANSWER: D",
        "ANSWER: B\nANSWER: B",
        "ANSWER: **E**",
        "ANSWER: (A)",
        "The answer is ANSWER: B, I think",
        "ANSWER: F",
        "ANSWER: A, B",
        "I would say C.",
        "",
    ],
)
def test_a_reply_with_at_most_one_letter_is_read_as_inspect_reads_it(text: str) -> None:
    assert answer_named(state_replying(text)) == parse_answers(state_replying(text), False)


@pytest.mark.parametrize(
    "text",
    [
        "ANSWER: A\nANSWER: B",
        "ANSWER: A\nANSWER: B\nANSWER: C\nANSWER: D\nANSWER: E",
        "ANSWER: C\n\nOn second thought:\nANSWER: **D**",
        "answer: a\nANSWER: E.",
        "**ANSWER: A**\n**ANSWER: B**",
    ],
)
def test_a_reply_naming_two_letters_on_answer_lines_names_none(text: str) -> None:
    assert parse_answers(state_replying(text), False)  # Inspect takes the last
    assert answer_named(state_replying(text)) == set()
