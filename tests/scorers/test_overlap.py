"""The probes' scorer: a hidden option matches whatever the label, case or punctuation."""

from __future__ import annotations

import anyio
import pytest
from inspect_ai.scorer import Target
from inspect_ai.solver import TaskState

from bj_evals.scorers.overlap import normalise, probe_overlap, rouge_l


@pytest.mark.parametrize(
    "reply",
    ["Sural nerve", "sural nerve.", "D) Sural nerve", "(D) Sural Nerve", "Option D: sural  nerve",
     '"Sural nerve"'],
)  # fmt: skip
def test_an_option_written_back_is_an_exact_match_however_labelled(reply: str) -> None:
    assert normalise(reply) == normalise("Sural nerve")


@pytest.mark.parametrize("reply", ["Sural", "Sural nerve branch", "Saphenous nerve"])
def test_another_option_is_no_exact_match(reply: str) -> None:
    assert normalise(reply) != normalise("Sural nerve")


def test_rouge_l_is_the_longest_common_word_sequence_f1() -> None:
    # 4 words in common in order (the, cat, on, mat): precision 4/5, recall 4/6
    assert rouge_l("the cat on a mat", "the cat sat on the mat") == pytest.approx(
        2 * 0.8 * (4 / 6) / (0.8 + 4 / 6)
    )
    assert rouge_l("", "anything") == 0.0


def state(reply: str) -> TaskState:
    from inspect_ai.model import ModelOutput

    made = TaskState(model="mockllm/model", sample_id="s", epoch=1, input="q", messages=[])  # type: ignore[arg-type]
    made.output = ModelOutput.from_content("mockllm/model", reply)
    return made


@pytest.mark.parametrize(
    ("match_rouge", "reply", "match", "exact"),
    [
        (None, "B) Sural nerve", 1, 1),
        (None, "Sural nerve at the ankle", 0, 0),
        (0.5, "Sural nerve at the ankle", 1, 0),
        (0.9, "Sural nerve at the ankle", 0, 0),
        (None, "  ", 0, 0),
    ],
)
def test_a_match_is_exact_or_reaches_the_rouge_threshold(
    match_rouge: float | None, reply: str, match: int, exact: int
) -> None:
    scorer = probe_overlap(match_rouge=match_rouge)
    score = anyio.run(scorer, state(reply), Target("Sural nerve"))
    assert score is not None and isinstance(score.value, dict)
    assert (score.value["match"], score.value["exact"]) == (match, exact)
