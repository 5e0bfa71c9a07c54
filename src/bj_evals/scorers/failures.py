"""Why an answer failed: the categories a grader names beside an unfavourable verdict.

Neural-MedBench sorted its failures by hand into reasoning, perceptual and
hallucination errors; here the grader names the main failure of every answer it
does not accept, and the reason is kept with the verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator

Failure = Literal[
    "knowledge", "perception", "reasoning", "hallucination", "refusal", "incomplete", "unspecified"
]
FAILURES: tuple[Failure, ...] = get_args(Failure)

NamedFailure = Literal[
    "knowledge", "perception", "reasoning", "hallucination", "refusal", "incomplete"
]


def _named_or_none(value: object) -> object:
    """A grader's failure as written (`Reasoning`, `none`, empty) as a category or None."""
    if isinstance(value, str):
        value = value.strip().lower()
        return None if value in ("", "none", "null", "n/a") else value
    return value


FailureField = Annotated[NamedFailure | None, BeforeValidator(_named_or_none)]
"""The `failure` of a verdict schema: a named category, or None (any case, `none` or empty)."""

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
