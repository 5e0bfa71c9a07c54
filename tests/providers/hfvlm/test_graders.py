"""Any Inspect model grades: an API with tool calls, local `hf/` and `hfvlm/` models, a served model.

Each run is fully local: an `hfvlm/` model answers the demo cases, and the grader is
a stand-in API with tool calling, a tiny `hf/` or `hfvlm/` model, or a loopback
OpenAI-compatible server without tool calling reached through `vllm/`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.log import EvalLog
from inspect_ai.model import GenerateConfig, Model, get_model

from bj_evals import diagnosis_generation, inconsistency_detection
from tests.providers.served_stub import SERVED_NAME, Refused, Server, base_url, serving

pytest.importorskip("openai")
pytestmark = pytest.mark.slow  # tiny local graders and a loopback server

ANSWERING = GenerateConfig(max_tokens=4, temperature=0.0)
GRADING = GenerateConfig(max_tokens=3)


def tool_call(body: dict[str, Any]) -> dict[str, Any]:
    """An API that calls the offered tool with a verdict fitting its parameters."""
    if "tools" not in body:
        return {"role": "assistant", "content": "I grade through tools only."}
    [tool] = body["tools"]
    properties = tool["function"]["parameters"]["properties"]
    arguments: dict[str, Any] = {"explanation": "served"}
    if "mismatch_detected" in properties:
        arguments |= {"mismatch_detected": False, "text_driven_diagnosis": True}
        arguments["failure"] = "perception"
    else:
        arguments |= {"verdict": "Incorrect", "failure": "knowledge"}
    call = {"name": tool["function"]["name"], "arguments": json.dumps(arguments)}
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "call-1", "type": "function", "function": call}],
    }


def schema_only(body: dict[str, Any]) -> dict[str, Any]:
    """A served model without tool calling that enforces a response schema."""
    if "tools" in body:
        raise Refused('"auto" tool choice requires --enable-auto-tool-choice to be set')
    if "response_format" not in body:
        return {"role": "assistant", "content": "It looks right to me."}
    verdict: dict[str, Any] = {"verdict": "Unclear", "failure": "refusal", "explanation": "s"}
    schema = body["response_format"]["json_schema"]["schema"]
    if "mismatch_detected" in schema["properties"]:
        verdict = {"mismatch_detected": True, "text_driven_diagnosis": False, "explanation": "s"}
    return {"role": "assistant", "content": json.dumps(verdict)}


@contextmanager
def grader_for(kind: str, request: pytest.FixtureRequest) -> Iterator[Model]:
    if kind in ("tool-api", "served-json"):
        with serving(tool_call if kind == "tool-api" else schema_only) as server:
            yield _served(server, kind)
        return
    provider, fixture = {"hf": ("hf", "llama_grader"), "hfvlm": ("hfvlm", "qwen2_vl_grader")}[kind]
    with nullcontext():
        yield get_model(f"{provider}/{request.getfixturevalue(fixture)}", config=GRADING)


def _served(server: Server, kind: str) -> Model:
    # Inspect's vllm/ keeps the first address it meets for a model name: one name per server
    return get_model(f"vllm/{SERVED_NAME}-{kind}", base_url=base_url(server), api_key="local")


def run(model: Model, grader: Model) -> list[EvalLog]:
    tasks: list[Any] = [diagnosis_generation, inconsistency_detection]
    logs = eval(
        tasks,
        model=model,
        model_roles={"grader": grader},
        task_args={"source": "demo", "judge_repeats": 2},
        limit=3,
        display="none",
    )
    assert all(log.status == "success" for log in logs), [log.error for log in logs]
    return logs


@pytest.mark.parametrize(
    ("kind", "fmt", "clinical", "mismatch"),
    [
        ("tool-api", "tool", "Incorrect", "not detected"),
        ("served-json", "json", "Unclear", "detected"),
        ("hf", "text", "Correct", "detected"),
        ("hfvlm", "text", "Correct", "detected"),
    ],
)
def test_a_local_model_is_graded_by_any_kind_of_grader(
    kind: str,
    fmt: str,
    clinical: str,
    mismatch: str,
    qwen2_vl: Path,
    request: pytest.FixtureRequest,
) -> None:
    model = get_model(f"hfvlm/{qwen2_vl}", config=ANSWERING)
    with grader_for(kind, request) as grader:
        logs = run(model, grader)

    for log, expected in zip(logs, (clinical, mismatch), strict=True):
        assert log.eval.scorers is not None and log.eval.scorers[0].options is not None
        assert list(log.eval.scorers[0].options["formats"].values()) == [fmt]
        assert log.samples is not None and len(log.samples) == 3
        for sample in log.samples:
            [score] = sample.scores.values()  # type: ignore[union-attr]
            assert score.metadata is not None
            assert score.metadata["verdicts"] == [expected, expected]
            assert isinstance(score.value, dict) and score.value["grader_failed"] == 0
