"""Offline stand-ins for runs without a real model: a chance-level answerer and a keyword grader.

Neither is a model, and every reply says so. `chance/<name>` answers each
multiple-choice question with a uniformly random letter (the paper's 20% reference
line) and each open question with a condition drawn at random from a fixed list.
`keyword/<name>` grades by the share of the reference's content words found in the
answer, through the same tool call a real grader makes. Both are seeded by the
prompt's hash, so a run is reproducible.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from typing import Any

import anyio
from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

COMMON_CONDITIONS = (
    "knee osteoarthritis",
    "anterior cruciate ligament tear",
    "meniscal tear",
    "patellar dislocation",
    "hip osteoarthritis",
    "femoral neck fracture",
    "osteonecrosis of the femoral head",
    "rotator cuff tear",
    "anterior shoulder dislocation",
    "frozen shoulder",
    "ankle sprain",
    "Achilles tendon rupture",
    "ankle fracture",
    "lateral epicondylitis",
    "supracondylar humerus fracture",
    "distal radius fracture",
    "scaphoid fracture",
    "carpal tunnel syndrome",
    "lumbar disc herniation",
    "vertebral compression fracture",
)

MISMATCH_CUES = ("mismatch", "does not match", "inconsistent", "different body", "discrepan")
STOPWORDS = frozenset({"which", "there", "their", "these", "those", "about", "after", "with"})


@modelapi(name="chance")
def chance() -> type[ModelAPI]:
    """Register the chance-level baseline as `chance/<any name>`."""
    return ChanceBaseline


@modelapi(name="keyword")
def keyword() -> type[ModelAPI]:
    """Register the keyword stand-in grader as `keyword/<any name>`."""
    return KeywordGrader


class _StandIn(ModelAPI):
    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        seed: int = 0,
        delay: float = 0.0,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        self.seed = seed
        self.delay = float(delay)

    async def wait(self) -> None:
        """The simulated latency (`-M delay=<seconds>`), to try interruptions and throughput."""
        if self.delay > 0:
            await anyio.sleep(self.delay)

    def rng(self, text: str) -> random.Random:
        digest = hashlib.sha256(f"{self.seed}:{text}".encode()).hexdigest()
        return random.Random(int(digest[:16], 16))


class ChanceBaseline(_StandIn):
    """Answers at random: a letter for a multiple-choice question, a condition otherwise."""

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Answer the last user message at random."""
        await self.wait()
        prompt = input[-1].text
        rng = self.rng(prompt)
        letters = re.search(r"LETTER is one of ([A-Z](?:,\s*[A-Z])*)", prompt)
        if letters:
            reply = f"ANSWER: {rng.choice(re.findall(r'[A-Z]', letters.group(1)))}"
        else:
            reply = (
                "Stand-in answer from the chance baseline, not a model: "
                f"{rng.choice(COMMON_CONDITIONS)}."
            )
        return _with_usage(
            ModelOutput.from_content(model=self.model_name, content=reply), prompt, reply
        )


class KeywordGrader(_StandIn):
    """Grades by word overlap with the reference; submits through the offered verdict tool."""

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Submit a verdict on the clinician's answer of the prompt against its reference."""
        await self.wait()
        prompt = input[-1].text
        if not tools:
            reply = "The keyword stand-in grader only answers through a verdict tool."
            return _with_usage(
                ModelOutput.from_content(model=self.model_name, content=reply), prompt, reply
            )
        reference = _tagged(prompt, "expert_answer") or _tagged(prompt, "reference")
        answer = _tagged(prompt, "clinician_answer")
        tool = tools[0]
        properties = tool.parameters.properties
        arguments = (
            _mismatch_verdict(answer)
            if "mismatch_detected" in properties
            else _verdict(reference, answer)
        )
        output = ModelOutput.for_tool_call(self.model_name, tool.name, arguments)
        return _with_usage(output, prompt, str(arguments))


def _verdict(reference: str, answer: str) -> dict[str, Any]:
    terms = _content_words(reference)
    found = terms & _content_words(answer)
    share = len(found) / len(terms) if terms else 0.0
    verdict = "Unclear" if not answer.strip() else "Correct" if share >= 0.5 else "Incorrect"
    return {
        "verdict": verdict,
        "explanation": f"Keyword stand-in, not a clinical judgment: {len(found)} of "
        f"{len(terms)} reference terms appear in the answer.",
    }


def _mismatch_verdict(answer: str) -> dict[str, Any]:
    lowered = answer.lower()
    detected = any(cue in lowered for cue in MISMATCH_CUES)
    return {
        "mismatch_detected": detected,
        "text_driven_diagnosis": bool(lowered.strip()) and not detected,
        "explanation": "Keyword stand-in, not a clinical judgment: "
        + (
            "a mismatch cue appears in the answer."
            if detected
            else "no mismatch cue in the answer."
        ),
    }


def _tagged(text: str, tag: str) -> str:
    """The material between `<tag>` and `</tag>`, unescaped (the judge escapes it)."""
    match = re.search(rf"<{tag}>\s*(.*?)\s*</{tag}>", text, flags=re.DOTALL)
    return html.unescape(match.group(1)) if match else ""


def _content_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]{5,}", text.lower()) if word not in STOPWORDS}


def _with_usage(output: ModelOutput, prompt: str, reply: str) -> ModelOutput:
    # Inspect counts tokens with tiktoken when usage is missing, which needs the network.
    input_tokens, output_tokens = len(prompt.split()), len(reply.split())
    output.usage = ModelUsage(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        total_tokens=input_tokens + output_tokens,
    )
    return output
