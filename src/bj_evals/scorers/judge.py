"""The one judge factory behind tasks IV-VIII: a template, a verdict schema, and how verdicts reduce.

Each grader of the panel (one grader by default, as in the paper) is asked
`repeats` times, concurrently, at greedy decoding with a distinct fixed seed per
repeat. A repeat that gave no verdict is a grader failure: the sample's values are
computed over the repeats that gave one, and a sample without any verdict is left
unscored with the reason. With several graders, each grader's values are computed
as with one, and the sample's values are their mean; the panel's verdict (the
majority of the graders' own majority verdicts) is kept for agreement studies.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Generic, TypeVar

from inspect_ai._util.registry import (  # inspect-evals-lint: ignore[IECQ001] -- the registry alias that `inspect score` needs
    RegistryInfo,
    registry_add,
    registry_info,
)
from inspect_ai.model import Model
from inspect_ai.scorer import Score, Scorer, Target
from inspect_ai.solver import TaskState
from inspect_ai.util import collect
from pydantic import BaseModel

from bj_evals.errors import BJEvalsError
from bj_evals.scorers.failures import Failure, main_failure
from bj_evals.scorers.formats import formats_for
from bj_evals.scorers.grader import GraderFailure, ask, graders, panel_names
from bj_evals.scorers.verdict_format import VerdictFormat, instructions

VerdictT = TypeVar("VerdictT", bound=BaseModel)
FactoryT = TypeVar("FactoryT", bound=Callable[..., Scorer])

PACKAGE = "bj_evals"

GRADER_FAILED = "grader_failed"
"""The score key and `Score.reason` for repeats, or samples, without a verdict."""
NO_MAJORITY = "no majority"
"""The verdict a score records when no label has more than half of the votes."""


@dataclass(frozen=True)
class Judge(Generic[VerdictT]):
    """What a judged task asks its graders, and how their verdicts become a score."""

    name: str
    template: str
    """The grader prompt: {question}, {reference} and {answer} are escaped material; the
    format's instructions are appended."""
    schema: type[VerdictT]
    keys: tuple[str, ...]
    """The score's value keys (grader failures are added)."""
    values: Callable[[Sequence[VerdictT]], dict[str, float]]
    """One grader's verdicts on one answer (at least one) as the score's values."""
    label: Callable[[VerdictT], str]
    """A verdict in one word, for majorities and the explanation."""
    failure: Callable[[VerdictT], Failure | None]
    """The answer's failure a verdict names: None when the verdict is a success."""
    probe: dict[str, str]
    """Material for the format check before the first sample (no patient data)."""
    describe: Callable[[VerdictT], str] | None = None
    """A verdict as the explanation shows it; by default its label."""

    def prompt(self, fmt: VerdictFormat, question: str, reference: str, answer: str) -> str:
        """The grader prompt, each piece of material escaped so that none can close its block."""
        body = self.template.format(
            question=escape(question, quote=False),
            reference=escape(reference, quote=False),
            answer=escape(answer, quote=False),
        )
        return f"{body}\n\n{instructions(fmt, self.schema)}"


def judge_scorer(
    judge: Judge[VerdictT],
    repeats: int,
    grader: str | None,
    cache: bool,
    formats: dict[str, VerdictFormat] | None,
) -> Scorer:
    """The scorer that asks every grader `repeats` times and reduces the verdicts.

    `formats` names each grader's verdict format (found while the task was built);
    a grader it does not name is asked for its format at its first score.
    """

    async def score(state: TaskState, target: Target) -> Score:
        panel = graders(grader)
        formats_now = await formats_for(judge, panel, formats or {})
        names = panel_names(panel)
        answer = state.output.completion

        async def verdict(model: Model, repeat: int) -> VerdictT | GraderFailure:
            fmt = formats_now[names[id(model)]]
            prompt = judge.prompt(fmt, state.user_prompt.text, target.text, answer)
            return await ask(model, prompt, judge.schema, fmt, repeat, cache)

        asked = [(model, repeat) for model in panel for repeat in range(repeats)]
        results = await collect(*(verdict(model, repeat) for model, repeat in asked))
        return _score(judge, [names[id(m)] for m, _ in asked], results, formats_now, answer)

    return score


def rescorable(factory: FactoryT) -> FactoryT:
    """Let `inspect score <log>` load this scorer again, with the arguments in the log.

    Inspect writes a scorer into the log under its registry name without the package
    part, and can only load a package's scorer again by a name with it. Registered as
    `bj_evals/bj_evals/<name>` (`@scorer(name="bj_evals/<name>")`), the scorer is logged as
    `bj_evals/<name>`, a name that makes Inspect load this package; this alias answers it.
    """
    info = registry_info(factory)
    alias = info.name.removeprefix(f"{PACKAGE}/")
    registry_add(factory, RegistryInfo(type="scorer", name=alias, metadata=info.metadata))
    registry_add(factory, info)  # the factory keeps its own name, which its scores carry
    return factory


def check_repeats(repeats: object) -> int:
    """`judge_repeats` as a whole number of at least 1, or a one-line error."""
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise BJEvalsError(
            f"-T judge_repeats={repeats}: use a whole number of at least 1 (the paper: 3)."
        )
    return repeats


def _score(
    judge: Judge[VerdictT],
    names: list[str],
    results: Sequence[VerdictT | GraderFailure],
    formats: dict[str, VerdictFormat],
    answer: str,
) -> Score:
    by_grader: dict[str, list[VerdictT]] = {name: [] for name in names}
    for name, result in zip(names, results, strict=True):
        if not isinstance(result, GraderFailure):
            by_grader[name].append(result)
    given = {name: verdicts for name, verdicts in by_grader.items() if verdicts}
    failed = sum(isinstance(result, GraderFailure) for result in results) / len(results)
    each = [judge.values(verdicts) for verdicts in given.values()]
    values: dict[str, Any] = {key: _mean([v[key] for v in each]) for key in judge.keys}
    values[GRADER_FAILED] = failed
    verdicts = [r for r in results if not isinstance(r, GraderFailure)]
    majorities = {name: majority([judge.label(v) for v in vs]) for name, vs in given.items()}
    return Score(
        value=values,
        answer=answer,
        explanation=_explain(judge, names, results),
        reason=None if given else GRADER_FAILED,
        metadata={
            "grader": ", ".join(dict.fromkeys(names)),
            "verdicts": [None if isinstance(r, GraderFailure) else judge.label(r) for r in results],
            "repeats": [
                {
                    "grader": name,
                    "format": formats[name],
                    "verdict": None if isinstance(r, GraderFailure) else r.model_dump(),
                    "error": r.reason if isinstance(r, GraderFailure) else None,
                }
                for name, r in zip(names, results, strict=True)
            ],
            "verdict": majority(list(majorities.values())) if majorities else None,
            "panel": majorities if len(by_grader) > 1 else None,
            "failure": main_failure([judge.failure(v) for v in verdicts]),
        },
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def majority(labels: list[str]) -> str:
    """The label more than half agree on; with no majority, `NO_MAJORITY`."""
    [(top, count), *_] = Counter(labels).most_common()
    return top if count * 2 > len(labels) else NO_MAJORITY


def _explain(
    judge: Judge[VerdictT], names: list[str], results: Sequence[VerdictT | GraderFailure]
) -> str:
    panel = len(set(names)) > 1
    lines = []
    for n, (name, result) in enumerate(zip(names, results, strict=True), 1):
        who = f"Repeat {n} ({name})" if panel else f"Repeat {n}"
        if isinstance(result, GraderFailure):
            lines.append(f"{who}: grader failed, not counted: {result.reason}")
            continue
        failure = judge.failure(result)
        written = getattr(result, "failure_written", None)
        as_written = f', written "{written}"' if written and failure else ""
        named = f" [failure: {failure}{as_written}]" if failure else ""
        explanation = getattr(result, "explanation", "")
        shown = (judge.describe or judge.label)(result)
        lines.append(f"{who}: {shown}{named}: {explanation}")
    return "\n".join(lines)
