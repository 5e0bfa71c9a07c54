"""Tasks IV-VII: the three-way judge (Correct, Incorrect, Unclear) against the expert answer.

As in the paper, the grader decides whether the core meaning of the answer agrees
with the expert reference, three times independently; the sample's value is the
fraction of repeats that said Correct.
"""

from __future__ import annotations

from typing import Literal

from inspect_ai.model import get_model
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import TaskState
from pydantic import BaseModel, Field, field_validator

from bj_evals.scorers.grader import DEFAULT_GRADER, check_grader_usable, explain, grade, unparsed
from bj_evals.scorers.metrics import headline_metrics

Verdict = Literal["Correct", "Incorrect", "Unclear"]

JUDGE_PROMPT = """You are a senior orthopedic surgeon grading another clinician's answer to a clinical question against the answer agreed by an expert panel.

Decide whether the core clinical meaning of the answer agrees with the expert answer:
- Correct: it reaches the same essential conclusion as the expert answer (the same main diagnosis, the same key reasoning, or the same core treatment), even if worded differently or less detailed.
- Incorrect: it contradicts the expert answer, reaches a different essential conclusion, or misses its core.
- Unclear: it is empty, evasive, a refusal, or too vague to judge.

<question>
{question}
</question>

<reference>
{reference}
</reference>

<answer>
{answer}
</answer>

Submit your verdict with the submit_verdict tool."""


class JudgeVerdict(BaseModel):
    """What the grader submits for one repeat."""

    verdict: Verdict = Field(description="Correct, Incorrect or Unclear")
    explanation: str = Field(description="One or two sentences on why")

    @field_validator("verdict", mode="before")
    @classmethod
    def _capitalised(cls, value: object) -> object:
        return value.strip().capitalize() if isinstance(value, str) else value


@scorer(
    metrics={
        "correct": headline_metrics(),
        "unclear": [mean()],
        "unanimous": [mean()],
    }
)
def clinical_judge(repeats: int = 3, grader: str | None = None, cache: bool = True) -> Scorer:
    """Grade an open answer against the expert reference, `repeats` times.

    Args:
        repeats: Independent grader calls per answer (the paper: 3).
        grader: Grader model; by default the `grader` role, else openai/gpt-4o.
        cache: Keep grader replies in Inspect's cache, so a re-run makes no new calls.
    """
    try:
        get_model(grader, role="grader", default=DEFAULT_GRADER)
    except Exception as error:
        check_grader_usable(error, grader)

    async def score(state: TaskState, target: Target) -> Score:
        model = get_model(grader, role="grader", default=DEFAULT_GRADER)
        parsed = await grade(model, JUDGE_PROMPT, state, target, JudgeVerdict, repeats, cache)
        verdicts: list[Verdict] = ["Unclear" if isinstance(p, str) else p.verdict for p in parsed]
        return Score(
            value={
                "correct": verdicts.count("Correct") / repeats,
                "unclear": verdicts.count("Unclear") / repeats,
                "unanimous": float(len(set(verdicts)) == 1),
            },
            answer=state.output.completion,
            explanation=explain(parsed, lambda v: f"{v.verdict}: {v.explanation}"),
            metadata={"verdicts": verdicts, "grader": str(model), "unparsed": unparsed(parsed)},
        )

    return score
