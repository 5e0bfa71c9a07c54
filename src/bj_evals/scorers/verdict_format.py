"""How a grader gives its verdict: a forced tool call, a structured-output reply, or JSON text.

Every format carries the same pydantic schema, so a verdict is validated the same
way whichever the grader could give: `tool` where the provider calls tools, `json`
where it enforces a response schema (OpenAI-compatible servers such as vLLM do it
with guided decoding), and `text`, the last resort, where the grader is asked for
a bare JSON object that is parsed and validated here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Literal, TypeVar, get_args

from inspect_ai.model import GenerateConfig, ModelOutput, ResponseSchema
from inspect_ai.tool import ToolChoice, ToolFunction, ToolInfo, ToolParams
from inspect_ai.util import json_schema
from pydantic import BaseModel, ValidationError

VerdictFormat = Literal["tool", "json", "text"]
FORMATS: tuple[VerdictFormat, ...] = get_args(VerdictFormat)

SUBMIT_VERDICT = "submit_verdict"

VerdictT = TypeVar("VerdictT", bound=BaseModel)


class UnusableReply(ValueError):
    """The grader replied, but not with a verdict that fits the schema."""


def instructions(fmt: VerdictFormat, schema: type[BaseModel]) -> str:
    """The closing line of a grader prompt: how to give the verdict in `fmt`."""
    if fmt == "tool":
        return f"Submit your verdict with the {SUBMIT_VERDICT} tool."
    properties = json_schema(schema).properties or {}
    fields = "\n".join(f"- {name}: {field.description}" for name, field in properties.items())
    return f"Reply with only a JSON object, and nothing else, with these keys:\n{fields}"


def request(
    fmt: VerdictFormat, schema: type[BaseModel]
) -> tuple[list[ToolInfo], ToolChoice | None, GenerateConfig]:
    """The tools, tool choice and configuration that ask for a verdict in `fmt`."""
    if fmt == "tool":
        tool = verdict_tool(schema)
        return [tool], ToolFunction(name=tool.name), GenerateConfig()
    if fmt == "json":
        response = ResponseSchema(name="verdict", json_schema=json_schema(schema))
        return [], None, GenerateConfig(response_schema=response)
    return [], None, GenerateConfig()


def read(output: ModelOutput, fmt: VerdictFormat, schema: type[VerdictT]) -> VerdictT:
    """The verdict in `output`; `UnusableReply` says why there is none."""
    if fmt == "tool":
        call = next(
            (c for c in output.message.tool_calls or [] if c.function == SUBMIT_VERDICT), None
        )
        if call is None:
            raise UnusableReply(f"no verdict submitted; the grader replied {_quoted(output)}")
        return _validated(schema, call.arguments)
    return _validated(schema, _first_json_object(output.completion))


def plain_word(text: str) -> str:
    """A word as written (`**Correct**`, `Correct.`) without markdown or a closing full stop."""
    return text.strip(_MARKS).rstrip(".").strip(_MARKS)


_MARKS = " \t\r\n*_`"


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


def _validated(schema: type[VerdictT], arguments: object) -> VerdictT:
    try:
        return schema.model_validate(arguments)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "verdict"
        raise UnusableReply(f"unusable verdict ({field}: {first['msg']})") from error


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def _first_json_object(text: str) -> object:
    """The first JSON object in a reply, inside a code fence or not; trailing text is ignored."""
    fenced = _FENCE.search(text)
    body = fenced.group(1) if fenced else text
    start = body.find("{")
    if start < 0:
        raise UnusableReply(f"no JSON object in the reply {_quoted_text(text)}")
    try:
        value, _ = json.JSONDecoder().raw_decode(body, start)
    except json.JSONDecodeError as error:
        raise UnusableReply(f"the reply's JSON does not parse ({error.msg})") from error
    return value


def _quoted(output: ModelOutput) -> str:
    return _quoted_text(output.completion)


def _quoted_text(text: str) -> str:
    text = text.strip()
    return repr(text[:200]) if text else "nothing"
