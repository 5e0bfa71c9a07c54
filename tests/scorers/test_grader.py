"""Reading the grader's verdicts: structured, and never guessed from free text."""

from __future__ import annotations

import pytest
from inspect_ai.model import ModelOutput

from bj_evals.scorers.grader import parse_verdict
from bj_evals.scorers.judge import JudgeVerdict
from bj_evals.scorers.mismatch import MismatchVerdict
from tests.helpers import reply, verdict


def test_a_submitted_verdict_is_read_whatever_its_case() -> None:
    parsed = parse_verdict(verdict(verdict="correct", explanation="same diagnosis"), JudgeVerdict)
    assert parsed == JudgeVerdict(verdict="Correct", explanation="same diagnosis")


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        (reply("Correct."), "no verdict submitted; the grader replied 'Correct.'"),
        (reply(""), "empty reply"),
        (verdict(verdict="Maybe", explanation="?"), "unusable verdict (verdict: Input should be"),
        (verdict(explanation="forgot it"), "unusable verdict (verdict: Field required)"),
    ],
)
def test_anything_else_is_a_reason_not_a_verdict(output: ModelOutput, reason: str) -> None:
    parsed = parse_verdict(output, JudgeVerdict)
    assert isinstance(parsed, str) and parsed.startswith(reason)


def test_mismatch_verdicts_are_booleans() -> None:
    output = verdict(mismatch_detected=True, text_driven_diagnosis=False, explanation="noticed")
    parsed = parse_verdict(output, MismatchVerdict)
    assert isinstance(parsed, MismatchVerdict) and parsed.mismatch_detected
