"""Asking the graders: who they are, one verdict per call, and a failure kept apart from a verdict.

A call that gives no usable verdict after Inspect's own retries (an error, no tool
call, a reply that does not fit the schema) is a `GraderFailure`: the machinery
failed, and the answer being graded is never blamed for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from inspect_ai.model import CachePolicy, GenerateConfig, Model, ModelName, get_model, model_roles
from inspect_ai.util import LimitExceededError
from pydantic import BaseModel

from bj_evals.errors import BJEvalsError
from bj_evals.running import evaluation_running
from bj_evals.scorers.verdict_format import UnusableReply, VerdictFormat, read, request

DEFAULT_GRADER = "openai/gpt-4o"
"""The paper's judge."""

GRADER_ROLE = "grader"

GRADER_SEED = 20251227
"""First of the fixed seeds, one per repeat: independent repeats that a re-run finds in the cache."""

TOP_K_GREEDY = frozenset({"hf"})
"""Providers that reject temperature 0 (Inspect's `hf/` samples unless told otherwise):
greedy decoding is asked of them as top-k 1."""

VerdictT = TypeVar("VerdictT", bound=BaseModel)


@dataclass(frozen=True)
class GraderFailure:
    """A call that gave no verdict, and why."""

    reason: str


def graders(grader: str | None = None) -> list[Model]:
    """The grading models: `grader` if named, else the `grader` role (a panel when it is a list).

    Without either, the paper's grader, openai/gpt-4o. Call inside a running evaluation:
    the judge resolves its graders where it scores, and once when the task is built, to
    check them before any model call (hence `get_model()` here, outside the scorer).
    """
    if grader is not None:
        return [get_model(grader)]  # inspect-evals-lint: ignore[IEBP001] -- see above
    bound = model_roles().get(GRADER_ROLE)
    if isinstance(bound, list):
        return list(bound)
    return [get_model(role=GRADER_ROLE, default=DEFAULT_GRADER)]  # inspect-evals-lint: ignore[IEBP001] -- see above  # fmt: skip


def grader_name(model: Model) -> str:
    """How a grader is named in scores and reports: `provider/model`."""
    return f"{ModelName(model).api}/{model.name}"


def panel_names(panel: list[Model]) -> dict[int, str]:
    """Each grader's name (by `id`), numbered `#2`, `#3`... when a panel names a model twice."""
    names: dict[int, str] = {}
    seen: dict[str, int] = {}
    for model in panel:
        name = grader_name(model)
        seen[name] = seen.get(name, 0) + 1
        names[id(model)] = name if seen[name] == 1 else f"{name}#{seen[name]}"
    return names


def greedy(model: Model, repeat: int) -> GenerateConfig:
    """Deterministic decoding for repeat number `repeat`, in the form the provider accepts."""
    seed = GRADER_SEED + repeat
    if ModelName(model).api in TOP_K_GREEDY:
        return GenerateConfig(top_k=1, seed=seed)
    return GenerateConfig(temperature=0, seed=seed)


async def ask(
    model: Model,
    prompt: str,
    schema: type[VerdictT],
    fmt: VerdictFormat,
    repeat: int,
    cache: bool,
    config: GenerateConfig | None = None,
) -> VerdictT | GraderFailure:
    """One verdict from `model` in format `fmt`, or the reason there is none."""
    tools, tool_choice, asked = request(fmt, schema)
    # per_epoch=False: the answer is in the prompt, so a verdict on the same answer can be
    # reused in any epoch, and a re-score (which runs outside any epoch) finds it
    policy = CachePolicy(expiry=None, per_epoch=False) if cache else False
    try:
        output = await model.generate(
            prompt,
            tools=tools,
            tool_choice=tool_choice,
            config=asked.merge(greedy(model, repeat)).merge(config or GenerateConfig()),
            cache=policy,
        )
    except LimitExceededError:
        raise
    except Exception as error:  # after Inspect's retries, any error is the grader's failure
        return GraderFailure(f"the grader raised {one_line(error)}")
    try:
        return read(output, fmt, schema)
    except UnusableReply as unusable:
        return GraderFailure(str(unusable))


def check_buildable(grader: str | None) -> None:
    """Fail while the task is built when the grader cannot even be constructed (no key...).

    Outside an evaluation (a task object built for a later `eval()`) the roles are not
    bound yet, so the check waits for the first score.
    """
    try:
        # the graders' check before any model call: see graders()
        get_model(grader, role=GRADER_ROLE, default=DEFAULT_GRADER)  # inspect-evals-lint: ignore[IEBP001] -- see graders()  # fmt: skip
    except Exception as error:
        if evaluation_running():
            raise BJEvalsError(
                f"the grader {grader or 'role (default ' + DEFAULT_GRADER + ')'} cannot be "
                f"used: {one_line(error)}; choose one with --model-role grader=<provider/model>."
            ) from error


def one_line(error: BaseException) -> str:
    """An exception as one line: its message, else its type."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(message).split())[:300]
