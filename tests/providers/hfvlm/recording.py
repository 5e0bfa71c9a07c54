"""What a loaded model receives: the prompt forward passes, row by row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Prefill:
    """One forward pass over whole prompts: image tokens in each row, and whether pixels came."""

    image_tokens: list[int]
    pixels: bool


@dataclass
class Recorder:
    prefills: list[Prefill] = field(default_factory=list)

    @property
    def image_rows(self) -> list[int]:
        return [
            count for prefill in self.prefills if prefill.pixels for count in prefill.image_tokens
        ]

    @property
    def largest_batch(self) -> int:
        return max(len(prefill.image_tokens) for prefill in self.prefills)


@contextmanager
def record_inputs(model: Any) -> Iterator[Recorder]:
    """Record the prompt forward passes of a loaded transformers model while in the block."""
    recorder = Recorder()
    image_token = model.config.image_token_id

    def hook(module: Any, args: Any, kwargs: dict[str, Any]) -> None:
        input_ids = kwargs.get("input_ids")
        if input_ids is None or input_ids.shape[1] == 1:  # a decoding step, not a prompt
            return
        counts = (input_ids == image_token).sum(dim=1).tolist()
        # transformers passes either the pixels or the vision encoder's outputs computed from them
        encoded = kwargs.get("mm_encoder_outputs") or {}
        pixels = kwargs.get("pixel_values") is not None or any(
            value is not None for value in encoded.values()
        )
        recorder.prefills.append(Prefill(counts, pixels))

    handle = model.register_forward_pre_hook(hook, with_kwargs=True)
    try:
        yield recorder
    finally:
        handle.remove()
