"""Why an answer failed: the categories a grader names beside an unfavourable verdict.

Neural-MedBench sorted its failures by hand into reasoning, perceptual and
hallucination errors; here the grader names the main failure of every answer it
does not accept, and the reason is kept with the verdict.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, BeforeValidator, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from bj_evals.scorers.verdict_format import plain_word

Failure = Literal[
    "knowledge", "perception", "reasoning", "hallucination", "refusal", "incomplete", "unspecified"
]
FAILURES: tuple[Failure, ...] = get_args(Failure)

NamedFailure = Literal[
    "knowledge", "perception", "reasoning", "hallucination", "refusal", "incomplete"
]
NAMED: frozenset[str] = frozenset(get_args(NamedFailure))


def _category(value: object) -> object:
    """A failure as written (`Reasoning`, `**reasoning.**`, `none`) as a word, or None."""
    if isinstance(value, str):
        word = plain_word(value).lower()
        return None if word in ("", "none", "null", "n/a") else word
    return value


FailureField = Annotated[NamedFailure | None, BeforeValidator(_category)]
"""The `failure` of a verdict schema: a named category, or None (any case, `none` or empty)."""


class NamesFailure(BaseModel):
    """A verdict schema with a `failure` field; a failure outside the categories keeps the verdict.

    The verdict is the measure and the category only its gloss, so a failure the grader
    wrote in its own words (`knowledge gap`, `Perceptual error`) is read as none named
    (a failing verdict's category is then `unspecified`) and kept in `failure_written`.
    """

    failure_written: SkipJsonSchema[str | None] = Field(
        default=None, description="The failure as the grader wrote it, when it is no category"
    )

    @model_validator(mode="before")
    @classmethod
    def _unrecognised_failure_kept_as_written(cls, data: object) -> object:
        if not isinstance(data, dict):
            return data
        data = {key: value for key, value in data.items() if key != "failure_written"}
        written = data.get("failure")
        category = _category(written)
        if category is not None and not (isinstance(category, str) and category in NAMED):
            data["failure"] = None
            data["failure_written"] = (
                written if isinstance(written, str) else json.dumps(written, default=str)
            )
        return data


FAILURE_MEANINGS: dict[str, str] = {
    "knowledge": "missing or wrong medical knowledge",
    "perception": "misreading the imaging or what the case shows of it (a perceptual error)",
    "reasoning": "faulty reasoning from correct findings",
    "hallucination": "a finding or fact that is not in the case",
    "refusal": "a refusal or a hedge instead of an answer",
    "incomplete": "an incomplete answer that misses a core part",
}
"""What each category means, as the grader is told; `unspecified` is a failing verdict
for which the grader named no category."""

FAILURE_CHOICES = "; ".join(f"{name} ({meaning})" for name, meaning in FAILURE_MEANINGS.items())


def main_failure(failures: Sequence[Failure | None]) -> Failure | None:
    """A sample's failure: the most common category when most verdicts are failures.

    Ties go to the category listed first; `unspecified` only when no verdict named one.
    """
    named = [f for f in failures if f is not None]
    if not failures or len(named) * 2 <= len(failures):
        return None
    counts: Counter[Failure] = Counter(f for f in named if f != "unspecified")
    if not counts:
        return "unspecified"
    top = max(counts.values())
    return next(f for f in FAILURES if counts.get(f) == top)
