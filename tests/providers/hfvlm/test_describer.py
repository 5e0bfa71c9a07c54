"""Describe, then diagnose: a tiny local describer and a text-only `hf/` model on IV and VIII."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.event import InfoEvent, ModelEvent
from inspect_ai.log import resolve_sample_attachments
from inspect_ai.model import ContentImage, GenerateConfig, Model, get_model

from bj_evals import diagnosis_generation, inconsistency_detection
from bj_evals.prompts import DESCRIBER_PROMPT

pytestmark = pytest.mark.slow  # tiny local models


def text_only(path: Path) -> Model:
    # Inspect's hf/ samples unless told otherwise, and rejects temperature 0
    return get_model(f"hf/{path}", do_sample=False, config=GenerateConfig(max_tokens=4))


def test_a_text_only_model_answers_iv_and_viii_from_a_local_describers_descriptions(
    qwen2_vl: Path, text_only_llama: Path
) -> None:
    describer = get_model(f"hfvlm/{qwen2_vl}", config=GenerateConfig(max_tokens=12, temperature=0))
    tasks: list[Any] = [diagnosis_generation, inconsistency_detection]
    logs = eval(
        tasks,
        model=text_only(text_only_llama),
        model_roles={"describer": describer, "grader": "keyword/grader"},
        task_args={"source": "demo", "imaging": "description", "judge_repeats": 1},
        limit=2,
        display="none",
    )

    for log in logs:
        assert log.status == "success", log.error
        assert log.eval.metadata is not None
        assert log.eval.metadata["imaging"] == "description"
        assert log.eval.metadata["describer"] == f"hfvlm/{qwen2_vl}"
        assert log.samples is not None and len(log.samples) == 2
        for logged in log.samples:
            sample = resolve_sample_attachments(logged)
            descriptions = sample.metadata["image_descriptions"]
            assert descriptions and all(d["description"] for d in descriptions)
            calls = [e for e in sample.events if isinstance(e, ModelEvent)]
            described = [e for e in calls if e.model == f"hfvlm/{qwen2_vl}"]
            answered = [e for e in calls if e.model == f"hf/{text_only_llama}"]
            assert len(described) == len(descriptions)
            for event in described:
                assert DESCRIBER_PROMPT in event.input[-1].text
                assert any(isinstance(c, ContentImage) for c in event.input[-1].content)
            [answer] = answered
            assert isinstance(answer.input[-1].content, str)  # no image reached it
            for description in descriptions:
                assert description["description"] in answer.input[-1].content
            info = [e for e in sample.events if isinstance(e, InfoEvent)]
            assert any(e.source == "describer" for e in info)


def test_a_text_only_describer_is_refused_before_any_answer(text_only_llama: Path) -> None:
    with pytest.raises(Exception, match="is a text-only provider and cannot see the images"):
        eval(
            diagnosis_generation,
            model="mockllm/model",
            model_roles={"describer": text_only(text_only_llama), "grader": "keyword/grader"},
            task_args={"source": "demo", "imaging": "description"},
            limit=1,
            display="none",
        )
