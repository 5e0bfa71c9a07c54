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
