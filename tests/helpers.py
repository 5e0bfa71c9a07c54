"""Scripted stand-ins for models: every output carries usage, so no tokenizer is fetched."""

from __future__ import annotations

import html
import re
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

from bj_evals.scorers.clinical import CLINICAL_JUDGE
from bj_evals.scorers.grader import GRADER_SEED
from bj_evals.scorers.mismatch import MISMATCH_JUDGE
from bj_evals.scorers.verdict_format import SUBMIT_VERDICT


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

    @property
    def is_format_check(self) -> bool:
        """Whether this grader call is the check before the first sample, not a real grading."""
        return any(
            html.escape(judge.probe["answer"], quote=False) in self.text
            for judge in (CLINICAL_JUDGE, MISMATCH_JUDGE)
        )

    @property
    def answer(self) -> str:
        """The answer a grader call grades, as the evaluated model wrote it."""
        match = re.search(r"<clinician_answer>\n(.*?)\n</clinician_answer>", self.text, re.DOTALL)
        assert match, "not a grader call"
        return html.unescape(match.group(1))


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

    def model(self, name: str = "mockllm/model") -> Model:
        return get_model(name, custom_outputs=self)

    @property
    def graded(self) -> list[Call]:
        """The calls that graded a sample (without the check before the first one)."""
        return [call for call in self.calls if not call.is_format_check]


def judge_verdicts(*verdicts: str) -> Scripted:
    """A grader that gives the n-th verdict on the n-th repeat, for every answer."""
    return Scripted(lambda call: verdict(verdict=verdicts[call.repeat], explanation="scripted"))


def prompt_parts(template: str) -> list[str]:
    """The text of a prompt template between its placeholders, as the model receives it."""
    filled = template.replace("{letters}", "A,B,C,D,E")
    return [part.strip() for part in re.split(r"\{\w+\}", filled) if part.strip()]


def asked_with(templates: tuple[str, ...], text: str) -> int:
    """Which of `templates` (a task's prompt variants) the model was asked with."""
    [variant] = [n for n, t in enumerate(templates) if all(p in text for p in prompt_parts(t))]
    return variant
