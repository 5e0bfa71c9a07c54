"""Loading anywhere a user runs it: hub kernels only when asked, the library's own reason on failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import anyio
import pytest

pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from inspect_ai.model import ChatMessageUser, GenerateConfig, get_model  # noqa: E402

from bj_evals.errors import BJEvalsError  # noqa: E402

pytestmark = pytest.mark.slow  # builds and loads tiny models

OFFLINE_KERNELS = (
    "Version 1 of 'kernels-community/activation' is not available in the local cache "
    "and Hugging Face Hub is in offline mode"
)


def loads_with(monkeypatch: pytest.MonkeyPatch, result: Any = None) -> list[dict[str, Any]]:
    """Record the keyword arguments of every from_pretrained; raise `result` if it is an error."""
    auto_class = transformers.AutoModelForImageTextToText
    original = auto_class.from_pretrained
    calls: list[dict[str, Any]] = []

    def recording(path: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        if isinstance(result, Exception):
            raise result
        return original(path, *args, **kwargs)

    monkeypatch.setattr(auto_class, "from_pretrained", recording)
    return calls


def fresh(qwen2_vl: Path, tmp_path: Path) -> str:
    """A copy of the tiny model at a new path, so its weights are not already in memory."""
    return str(shutil.copytree(qwen2_vl, tmp_path / "copy"))


def answer(model: Any) -> Any:
    async def generate() -> Any:
        prompt = [ChatMessageUser(content="Which bone?")]
        return await model.generate(prompt, config=GenerateConfig(max_tokens=8, temperature=0))

    return anyio.run(generate)


def test_hub_kernels_are_off_unless_asked_and_the_choice_is_recorded(
    qwen2_vl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = loads_with(monkeypatch)
    path = fresh(qwen2_vl, tmp_path)

    output = answer(get_model(f"hfvlm/{path}"))
    asked = get_model(f"hfvlm/{path}", use_kernels=True, device="cpu")

    assert calls[0]["use_kernels"] is False
    assert output.metadata["hfvlm"]["use_kernels"] is False
    assert asked.api.settings()["use_kernels"] is True  # type: ignore[attr-defined]
    assert asked.api.loaded.model is not None  # type: ignore[attr-defined]
    assert calls[1]["use_kernels"] is True


def test_a_load_failure_says_the_library_reason_in_one_line(
    qwen2_vl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads_with(monkeypatch, ValueError(OFFLINE_KERNELS + "\nSee the kernels docs."))
    model = get_model(f"hfvlm/{fresh(qwen2_vl, tmp_path)}")

    with pytest.raises(BJEvalsError) as refused:
        assert model.api.loaded  # type: ignore[attr-defined]

    message = str(refused.value)
    assert "\n" not in message
    assert OFFLINE_KERNELS in message and "cannot be loaded" in message
    assert "not a vision-language model" not in message


def test_a_configuration_the_model_class_does_not_map_is_not_a_vision_language_model(
    qwen2_vl: Path, text_only_llama: Path, tmp_path: Path
) -> None:
    # The processor takes images, but the configuration is a text-only Llama's.
    path = Path(fresh(qwen2_vl, tmp_path))
    shutil.copy(text_only_llama / "config.json", path / "config.json")
    assert json.loads((path / "config.json").read_text())["model_type"] == "llama"

    with pytest.raises(BJEvalsError) as refused:
        get_model(f"hfvlm/{path}")

    message = str(refused.value)
    assert "\n" not in message
    assert "not a vision-language model" in message and "model type 'llama'" in message


def test_the_fast_decoding_options_are_recorded(qwen2_vl: Path) -> None:
    model = get_model(f"hfvlm/{qwen2_vl}", cache_implementation="static", compile=True)

    settings = model.api.settings()  # type: ignore[attr-defined]

    assert settings["cache_implementation"] == "static" and settings["compile"] is True
    assert get_model(f"hfvlm/{qwen2_vl}").api.settings()["compile"] is False  # type: ignore[attr-defined]


def test_a_static_cache_answers_as_the_default_one(qwen2_vl: Path) -> None:
    default = answer(get_model(f"hfvlm/{qwen2_vl}", batch_size=1))
    static = answer(get_model(f"hfvlm/{qwen2_vl}", batch_size=1, cache_implementation="static"))

    assert static.completion == default.completion
    assert static.metadata["hfvlm"]["cache_implementation"] == "static"
