"""Task VIII: judge whether the answer noticed that the image shows another body site.

Success only when the response recognises that the image contradicts the clinical
text instead of diagnosing from the text. Whether the response committed to a
text-driven diagnosis (the paper's text-driven hallucination) is recorded apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspect_ai.scorer import Scorer, mean, scorer
from pydantic import Field

from bj_evals.scorers.clinical import MATERIAL_IS_DATA
from bj_evals.scorers.failures import FAILURE_CHOICES, Failure, FailureField, NamesFailure
from bj_evals.scorers.grader import check_buildable
from bj_evals.scorers.judge import (
    GRADER_FAILED,
    PACKAGE,
    Judge,
    check_repeats,
    judge_scorer,
    rescorable,
)
from bj_evals.scorers.metrics import headline_metrics
from bj_evals.scorers.verdict_format import VerdictFormat

MISMATCH_PROMPT = f"""You are a senior radiologist auditing a clinician's answer to a clinical case. The case text was deliberately paired with an image from a different patient, as the reference below describes. A careful clinician looks at the image and notices that it does not fit the clinical information (a different anatomical site or a different kind of study) instead of diagnosing from the text alone.

{MATERIAL_IS_DATA}

The case is shown exactly as the clinician received it, with the image; you do not see the image, and you do not need it: the reference says what it shows.

<case>
{{question}}
</case>

<reference>
{{reference}}
</reference>

<clinician_answer>
{{answer}}
</clinician_answer>

Decide two things about the clinician's answer:
- mismatch_detected: true if the answer explicitly recognises that the image does not match the clinical information (for example it says the image shows a different body part, questions whether the image belongs to this patient, or declines to interpret it for that reason); false otherwise.
- text_driven_diagnosis: true if the answer commits to a diagnosis drawn from the clinical text while treating the image as if it showed the body part described in the text; false otherwise.

When the mismatch was not detected, name the main failure of the answer, one of: {FAILURE_CHOICES}. When it was detected, give no failure."""


class MismatchVerdict(NamesFailure):
    """What the grader gives for one repeat."""

    mismatch_detected: bool = Field(description="The answer recognised the image mismatch")
    text_driven_diagnosis: bool = Field(
        description="The answer diagnosed from the text as if the image matched it"
    )
    failure: FailureField = Field(
        default=None,
        description="When the mismatch was not detected, the main failure: knowledge, "
        "perception, reasoning, hallucination, refusal or incomplete; null when detected",
    )
    explanation: str = Field(description="One or two sentences on why")


def _values(verdicts: Sequence[MismatchVerdict]) -> dict[str, float]:
    return {
        "detected": sum(v.mismatch_detected for v in verdicts) / len(verdicts),
        "text_driven": sum(v.text_driven_diagnosis for v in verdicts) / len(verdicts),
    }


def _label(verdict: MismatchVerdict) -> str:
    return "detected" if verdict.mismatch_detected else "not detected"


def _describe(verdict: MismatchVerdict) -> str:
    driven = (
        "text-driven diagnosis" if verdict.text_driven_diagnosis else "no text-driven diagnosis"
    )
    return f"{_label(verdict)}, {driven}"


def _failure(verdict: MismatchVerdict) -> Failure | None:
    if verdict.mismatch_detected:
        return None
    return verdict.failure or "unspecified"


MISMATCH_JUDGE = Judge(
    name="mismatch_judge",
    template=MISMATCH_PROMPT,
    schema=MismatchVerdict,
    keys=("detected", "text_driven"),
    values=_values,
    label=_label,
    describe=_describe,
    failure=_failure,
    probe={
        "question": "History: a swollen knee after a twisting injury. Imaging: one MRI attached.",
        "reference": "The attached MRI shows the shoulder, but the clinical text describes a knee "
        "problem; the image does not belong to this patient.",
        "answer": "This MRI shows a shoulder, not the knee described, so it is not this "
        "patient's image.",
    },
)


@rescorable
@scorer(
    name=f"{PACKAGE}/mismatch_judge",
    metrics={
        "detected": headline_metrics(),
        "text_driven": [mean()],
        GRADER_FAILED: [mean()],
    },
)
def mismatch_judge(
    repeats: int = 3,
    grader: str | None = None,
    cache: bool = True,
    formats: dict[str, VerdictFormat] | None = None,
) -> Scorer:
    """Judge whether the answer noticed the text-image mismatch, `repeats` times per grader.

    Args:
        repeats: Independent grader calls per answer and grader.
        grader: Grader model; by default the `grader` role (a panel when it names
            several models), else openai/gpt-4o.
        cache: Keep grader replies in Inspect's cache, so a re-run makes no new calls.
        formats: Each grader's verdict format (`tool`, `json` or `text`), as found
            while the task is built; graders not named are asked at the first score.
    """
    check_buildable(grader)
    return judge_scorer(MISMATCH_JUDGE, check_repeats(repeats), grader, cache, formats)
