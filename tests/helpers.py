"""Scripted stand-ins for models: every output carries usage, so no tokenizer is fetched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ContentImage,
    GenerateConfig,
    Model,
    ModelOutput,
    ModelUsage,
    get_model,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from bj_evals.scorers.grader import GRADER_SEED, SUBMIT_VERDICT


def with_usage(output: ModelOutput) -> ModelOutput:
    output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
    return output


def reply(text: str) -> ModelOutput:
    return with_usage(ModelOutput.from_content(model="mockllm/model", content=text))


def verdict(**arguments: Any) -> ModelOutput:
    return with_usage(ModelOutput.for_tool_call("mockllm/model", SUBMIT_VERDICT, arguments))


@dataclass
class Call:
    """What a scripted model was asked."""

    text: str
    images: list[str]
    config: GenerateConfig
    tools: list[ToolInfo]

    @property
    def repeat(self) -> int:
        """Which judge repeat this grader call is (0, 1, 2...)."""
        assert self.config.seed is not None
        return self.config.seed - GRADER_SEED


@dataclass
class Scripted:
    """A mockllm model whose reply is computed from each call; the calls are kept."""

    respond: Callable[[Call], ModelOutput]
    calls: list[Call] = field(default_factory=list)

    def __call__(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        message = input[-1]
        images = (
            [part.image for part in message.content if isinstance(part, ContentImage)]
            if isinstance(message.content, list)
            else []
        )
        call = Call(message.text, images, config, tools)
        self.calls.append(call)
        return self.respond(call)

    def model(self) -> Model:
        return get_model("mockllm/model", custom_outputs=self)


def judge_verdicts(*verdicts: str) -> Scripted:
    """A grader that gives the n-th verdict on the n-th repeat, for every answer."""
    return Scripted(lambda call: verdict(verdict=verdicts[call.repeat], explanation="scripted"))
