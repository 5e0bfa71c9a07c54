"""Tiny models, built once per test session in a temporary directory."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

# Nothing may come from the Hugging Face hub; set before transformers is imported.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_VERBOSITY"] = "error"


def _build(factory: pytest.TempPathFactory, name: str) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from tests.providers.hfvlm import tiny_models

    builders: dict[str, Callable[[Path], Path]] = {
        **tiny_models.ARCHITECTURES,
        "text_only_llama": tiny_models.text_only_llama,
    }
    return builders[name](factory.mktemp(name))


@pytest.fixture(scope="session")
def qwen2_vl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "qwen2_vl")


@pytest.fixture(scope="session")
def llava(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "llava")


@pytest.fixture(scope="session")
def gemma3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "gemma3")


@pytest.fixture(scope="session")
def text_only_llama(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "text_only_llama")


VERDICT = (
    '{"verdict": "Correct", "mismatch_detected": true, "text_driven_diagnosis": false, '
    '"failure": null, "explanation": "A tiny local grader that always says this."}'
)
"""What the rewired tiny graders say: a verdict that fits both judges' schemas."""


def _speaking(factory: pytest.TempPathFactory, name: str) -> Path:
    source = _build(factory, name)
    from tests.providers.hfvlm import tiny_models

    return tiny_models.always_saying(source, factory.mktemp(f"{name}-grader"), VERDICT)


@pytest.fixture(scope="session")
def llama_grader(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A text-only Llama for Inspect's `hf/` provider that answers every prompt with VERDICT."""
    return _speaking(tmp_path_factory, "text_only_llama")


@pytest.fixture(scope="session")
def qwen2_vl_grader(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Qwen2-VL for `hfvlm/` that answers every prompt with VERDICT."""
    return _speaking(tmp_path_factory, "qwen2_vl")
