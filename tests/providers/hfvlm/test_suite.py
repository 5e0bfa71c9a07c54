"""The whole benchmark as one suite for a line-up of vision-language and text-only models."""

from __future__ import annotations

import shutil
from contextvars import copy_context
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval_set
from inspect_ai.event import ModelEvent
from inspect_ai.log import read_eval_log
from inspect_ai.model import GenerateConfig, get_model

from bj_evals import (
    diagnosis_generation,
    image_interpretation,
    inconsistency_detection,
    knowledge_recall,
)
from bj_evals.providers.hfvlm import loading

pytestmark = pytest.mark.slow  # eval-sets over tiny local models


def test_a_text_only_model_gets_image_tasks_recorded_as_not_applicable(
    qwen2_vl: Path, text_only_llama: Path, tmp_path: Path
) -> None:
    vlm = get_model(f"hfvlm/{qwen2_vl}", config=GenerateConfig(max_tokens=4, temperature=0.0))
    # Inspect's hf/ samples unless told otherwise, and rejects temperature 0
    llm = get_model(f"hf/{text_only_llama}", do_sample=False, config=GenerateConfig(max_tokens=4))
    tasks: list[Any] = [
        knowledge_recall,
        image_interpretation,
        diagnosis_generation,
        inconsistency_detection,
    ]

    # eval_set() leaves its model and roles bound in the caller's context: keep them here
    success, logs = copy_context().run(
        eval_set,
        tasks,
        log_dir=str(tmp_path / "logs"),
        model=[vlm, llm],
        model_roles={"grader": "keyword/grader"},
        task_args={"source": "demo"},  # judge_repeats: I and III do not take it
        limit=2,
        display="none",
        retry_attempts=0,
    )

    assert success and len(logs) == 8
    for header in logs:
        log = read_eval_log(header.location)
        metadata = log.eval.metadata or {}
        text_only = log.eval.model.startswith("hf/")
        image_only = metadata["bj_task"] in ("III", "VIII")
        assert log.status == "success"
        assert log.samples is not None and len(log.samples) == 2
        if text_only and image_only:
            assert metadata["applicable"] is False
            assert "is a text-only provider" in metadata["not_applicable"]
            for sample in log.samples:
                assert not any(isinstance(e, ModelEvent) for e in sample.events)
                [score] = (sample.scores or {}).values()
                assert score.reason == "not_applicable"
        else:
            assert metadata.get("applicable", True) is True
            if text_only:
                assert metadata["imaging"] in (None, "report")


def test_an_eval_set_over_three_local_models_holds_one_in_memory_at_a_time(
    qwen2_vl: Path, llava: Path, gemma3: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident: list[list[str]] = []
    original = loading._load

    def recording(spec: loading.LoadSpec) -> Any:
        resident.append([*loading.loaded_names(), spec.name])  # what is in memory with it
        return original(spec)

    monkeypatch.setattr(loading, "_load", recording)
    paths = [shutil.copytree(p, tmp_path / p.name) for p in (qwen2_vl, llava, gemma3)]
    before = loading.loaded_names()
    models = [
        get_model(f"hfvlm/{path}", config=GenerateConfig(max_tokens=2, temperature=0.0))
        for path in paths
    ]
    assert loading.loaded_names() == before  # building a provider loads no weights

    suite: list[Any] = [knowledge_recall, image_interpretation]  # of different signatures
    success, _ = copy_context().run(
        eval_set,
        suite,
        log_dir=str(tmp_path / "logs"),
        model=models,
        task_args={"source": "demo"},
        limit=2,
        max_tasks=1,
        display="none",
        retry_attempts=0,
    )

    assert success
    assert [names[-1] for names in resident] == [str(path) for path in paths]  # once each
    assert max(len(names) for names in resident) == 1  # and never two in memory
