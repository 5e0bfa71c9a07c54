"""A slow model is kept busy: every batch but the first and the last is full."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from inspect_ai import eval
from inspect_ai.model import get_model

from bj_evals import image_interpretation

pytestmark = pytest.mark.slow  # 128 answers from a tiny model made slow


def test_batches_fill_while_a_slow_model_runs(
    qwen2_vl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = get_model(f"hfvlm/{qwen2_vl}", batch_size=32)
    loaded = model.api.loaded.model  # type: ignore[attr-defined]
    original = loaded.generate
    sizes: list[int] = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        sizes.append(int(kwargs["input_ids"].shape[0]))
        time.sleep(1.0)  # a large model's batch on a GPU: the others arrive meanwhile
        return original(*args, **kwargs)

    monkeypatch.setattr(loaded, "generate", slow)
    [log] = eval(
        image_interpretation,
        model=model,
        task_args={"source": "demo"},
        epochs=8,
        max_tokens=4,
        temperature=0.0,
        display="none",
    )

    assert log.status == "success", log.error
    assert sum(sizes) == 16 * 8
    assert sizes[1:-1] == [32] * (len(sizes) - 2), sizes
    assert len(sizes) <= 128 // 32 + 1
