"""Asking the grader: repeated, concurrent, cached calls and their structured verdicts.

Shared by the three-way judge (IV-VII) and the mismatch judge (VIII). The grader
answers through a forced tool call whose arguments are validated against a pydantic
schema; a reply that does not fit is reported, never string-matched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TypeVar

from inspect_ai.model import CachePolicy, GenerateConfig, Model, ModelOutput
from inspect_ai.scorer import Target
from inspect_ai.solver import TaskState
from inspect_ai.tool import ToolFunction, ToolInfo, ToolParams
from inspect_ai.util import collect, json_schema
from pydantic import BaseModel, ValidationError

from bj_evals.errors import BJEvalsError
from bj_evals.solvers.modality import evaluated_model

DEFAULT_GRADER = "openai/gpt-4o"
"""The paper's judge."""

GRADER_SEED = 20251227
"""First of the fixed seeds, one per repeat: independent repeats that a re-run finds in the cache."""

SUBMIT_VERDICT = "submit_verdict"

VerdictT = TypeVar("VerdictT", bound=BaseModel)


@cache
def verdict_tool(schema: type[BaseModel]) -> ToolInfo:
    """The tool through which the grader submits a verdict shaped like `schema`."""
    parameters = json_schema(schema)
    return ToolInfo(
        name=SUBMIT_VERDICT,
        description="Submit your verdict on the answer.",
        parameters=ToolParams(
            properties=parameters.properties or {}, required=parameters.required or []
        ),
    )


async def grade(
    grader: Model,
    template: str,
    state: TaskState,
    target: Target,
    schema: type[VerdictT],
    repeats: int,
    cache: bool,
) -> list[VerdictT | str]:
    """Ask `repeats` times concurrently, at temperature 0 with a distinct seed each time.

    The template receives the prompt the model saw (`question`), the expert
    reference and the model's answer. Each repeat gives a verdict or the reason
    there is none.
    """
    prompt = template.format(
        question=state.user_prompt.text, reference=target.text, answer=state.output.completion
    )
    tool = verdict_tool(schema)
    # per_epoch=False: the answer is in the prompt, so a verdict on the same answer can be
    # reused in any epoch, and a re-score (which runs outside any epoch) finds it
    policy = CachePolicy(expiry=None, per_epoch=False) if cache else False
    outputs = await collect(
        *(
            grader.generate(
                prompt,
                tools=[tool],
                tool_choice=ToolFunction(name=tool.name),
                config=GenerateConfig(temperature=0, seed=GRADER_SEED + repeat),
                cache=policy,
            )
            for repeat in range(repeats)
        )
    )
    return [parse_verdict(output, schema) for output in outputs]


def parse_verdict(output: ModelOutput, schema: type[VerdictT]) -> VerdictT | str:
    """The submitted verdict, or the reason there is none."""
    for call in output.message.tool_calls or []:
        if call.function == SUBMIT_VERDICT:
            try:
                return schema.model_validate(call.arguments)
            except ValidationError as error:
                first = error.errors()[0]
                field = ".".join(str(part) for part in first["loc"])
                return f"unusable verdict ({field}: {first['msg']})"
    reply = output.completion.strip()
    return f"no verdict submitted; the grader replied {reply[:200]!r}" if reply else "empty reply"


def check_grader_usable(error: Exception, grader: str | None) -> None:
    """Fail before the evaluated model's first call when the grader cannot be used.

    Outside an evaluation (a task object built for a later `eval()`) the grader role
    is not known yet, so the check is left to the first score.
    """
    if evaluated_model() is None:
        return
    raise BJEvalsError(
        f"the grader {grader or 'role (default ' + DEFAULT_GRADER + ')'} cannot be used: "
        f"{_one_line(error)}; choose one with --model-role grader=<provider/model>."
    )


def _one_line(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(message).split())


def explain(parsed: Sequence[VerdictT | str], describe: Callable[[VerdictT], str]) -> str:
    """One line per repeat, for the score's explanation."""
    lines = [f"Unclear ({p})" if isinstance(p, str) else describe(p) for p in parsed]
    return "\n".join(f"Repeat {n}: {line}" for n, line in enumerate(lines, 1))


def unparsed(parsed: Sequence[BaseModel | str]) -> list[str]:
    """Why the repeats without a verdict have none."""
    return [p for p in parsed if isinstance(p, str)]
