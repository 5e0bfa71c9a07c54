"""Task VIII: judge whether the answer noticed that the image shows another body site.

Success only when the response recognises that the image contradicts the clinical
text instead of diagnosing from the text. Whether the response committed to a
text-driven diagnosis (the paper's text-driven hallucination) is recorded apart.
"""

from __future__ import annotations

from inspect_ai.model import get_model
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import TaskState
from pydantic import BaseModel, Field

from bj_evals.scorers.grader import DEFAULT_GRADER, check_grader_usable, explain, grade, unparsed
from bj_evals.scorers.metrics import headline_metrics

MISMATCH_PROMPT = """You are a senior radiologist auditing an answer to a clinical case. The case text was deliberately paired with an image from a different patient: {reference}

A careful clinician looks at the image and notices that it does not fit the clinical information (a different anatomical site or a different kind of study) instead of diagnosing from the text alone.

Decide two things about the answer:
- mismatch_detected: true if the answer explicitly recognises that the image does not match the clinical information (for example it says the image shows a different body part, questions whether the image belongs to this patient, or declines to interpret it for that reason); false otherwise.
- text_driven_diagnosis: true if the answer commits to a diagnosis drawn from the clinical text while treating the image as if it showed the body part described in the text; false otherwise.

<case>
{question}
</case>

<reference>
{reference}
</reference>

<answer>
{answer}
</answer>

Submit your verdict with the submit_verdict tool."""


class MismatchVerdict(BaseModel):
    """What the grader submits for one repeat."""

    mismatch_detected: bool = Field(description="The answer recognised the image mismatch")
    text_driven_diagnosis: bool = Field(
        description="The answer diagnosed from the text as if the image matched it"
    )
    explanation: str = Field(description="One or two sentences on why")


@scorer(
    metrics={
        "detected": headline_metrics(),
        "text_driven": [mean()],
        "unclear": [mean()],
    }
)
def mismatch_judge(repeats: int = 3, grader: str | None = None, cache: bool = True) -> Scorer:
    """Judge whether the answer noticed the text-image mismatch, `repeats` times.

    Args:
        repeats: Independent grader calls per answer.
        grader: Grader model; by default the `grader` role, else openai/gpt-4o.
        cache: Keep grader replies in Inspect's cache, so a re-run makes no new calls.
    """
    try:
        get_model(grader, role="grader", default=DEFAULT_GRADER)
    except Exception as error:
        check_grader_usable(error, grader)

    async def score(state: TaskState, target: Target) -> Score:
        model = get_model(grader, role="grader", default=DEFAULT_GRADER)
        parsed = await grade(model, MISMATCH_PROMPT, state, target, MismatchVerdict, repeats, cache)
        verdicts = [p for p in parsed if not isinstance(p, str)]
        return Score(
            value={
                "detected": sum(v.mismatch_detected for v in verdicts) / repeats,
                "text_driven": sum(v.text_driven_diagnosis for v in verdicts) / repeats,
                "unclear": (repeats - len(verdicts)) / repeats,
            },
            answer=state.output.completion,
            explanation=explain(
                parsed,
                lambda v: (
                    f"detected={v.mismatch_detected}, "
                    f"text-driven={v.text_driven_diagnosis}: {v.explanation}"
                ),
            ),
            metadata={
                "verdicts": [None if isinstance(p, str) else p.model_dump() for p in parsed],
                "grader": str(model),
                "unparsed": unparsed(parsed),
            },
        )

    return score
