"""One batched `generate()`: chat template, left-padded processor inputs, decoding, usage."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import torch
from inspect_ai.model import GenerateConfig

from bj_evals.providers.hfvlm.decoding import Decoding
from bj_evals.providers.hfvlm.loading import LoadedModel


@dataclass(frozen=True)
class Sampling:
    """Inspect's generation settings as transformers takes them; requests that share them batch."""

    max_new_tokens: int
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: GenerateConfig, default_max_tokens: int) -> Sampling:
        """The settings of `config`; temperature 0 is greedy, unset keeps the model's defaults."""
        return cls(
            max_new_tokens=config.max_tokens or default_max_tokens,
            temperature=config.temperature,
            top_p=config.top_p,
            top_k=config.top_k,
            seed=config.seed,
            stop=tuple(config.stop_seqs or ()),
        )

    def generate_kwargs(self, tokenizer: Any) -> dict[str, Any]:
        """Keyword arguments for `model.generate()`."""
        kwargs: dict[str, Any] = {"max_new_tokens": self.max_new_tokens}
        if self.temperature is not None:
            kwargs["do_sample"] = self.temperature > 0
            if self.temperature > 0:
                kwargs["temperature"] = self.temperature
                if self.top_p is not None:
                    kwargs["top_p"] = self.top_p
                if self.top_k is not None:
                    kwargs["top_k"] = self.top_k
        if self.stop:
            kwargs["stop_strings"] = list(self.stop)
            kwargs["tokenizer"] = tokenizer
        return kwargs


@dataclass(frozen=True)
class Completion:
    """One sample's answer from a batch."""

    text: str
    input_tokens: int
    output_tokens: int
    stopped_by_length: bool
    seconds: float


async def generate(
    loaded: LoadedModel,
    conversations: list[list[dict[str, Any]]],
    sampling: Sampling,
    decoding: Decoding | None = None,
) -> list[Completion]:
    """Answer `conversations` in one batch on the model's own thread."""
    future = loaded.worker.submit(generate_batch, loaded, conversations, sampling, decoding)
    return await anyio.to_thread.run_sync(future.result)


def chat_inputs(loaded: LoadedModel, conversations: list[list[dict[str, Any]]]) -> Any:
    """The processor's tensors for `conversations`: chat template, tokens, images, on the CPU."""
    # Left padding keeps every prompt's last token at the end, where generation continues.
    return loaded.processor.apply_chat_template(
        conversations,
        add_generation_prompt=True,
        tokenize=True,
        return_dict=True,
        return_tensors="pt",
        processor_kwargs={"padding": True, "padding_side": "left"},
    )


def generate_batch(
    loaded: LoadedModel,
    conversations: list[list[dict[str, Any]]],
    sampling: Sampling,
    decoding: Decoding | None = None,
) -> list[Completion]:
    """Answer `conversations` in one left-padded batch (blocking)."""
    started = time.monotonic()
    processor = loaded.processor
    inputs = chat_inputs(loaded, conversations).to(loaded.model.device, dtype=loaded.dtype)
    with torch.inference_mode():
        if sampling.seed is not None:
            torch.manual_seed(sampling.seed)
        sequences = loaded.model.generate(
            **inputs,
            **sampling.generate_kwargs(loaded.tokenizer),
            **(decoding or Decoding()).generate_kwargs(),
        )
    prompt_length = inputs["input_ids"].shape[1]
    generated = sequences[:, prompt_length:]
    texts = processor.batch_decode(generated, skip_special_tokens=True)
    prompt_tokens = inputs["attention_mask"].sum(dim=1).tolist()
    ends = _end_token_ids(loaded)
    seconds = time.monotonic() - started
    completions = []
    for text, row, input_tokens in zip(texts, generated.tolist(), prompt_tokens, strict=True):
        output_tokens = _answer_length(row, ends, loaded.tokenizer.pad_token_id)
        completions.append(
            Completion(
                text=_cut_at_stop(text, sampling.stop),
                input_tokens=int(input_tokens),
                output_tokens=output_tokens,
                stopped_by_length=output_tokens >= sampling.max_new_tokens
                and not any(token in ends for token in row),
                seconds=seconds,
            )
        )
    return completions


def _end_token_ids(loaded: LoadedModel) -> set[int]:
    eos = loaded.model.generation_config.eos_token_id
    ids = eos if isinstance(eos, list) else [eos]
    return {int(token) for token in ids if token is not None}


def _answer_length(row: list[int], ends: set[int], pad: int | None) -> int:
    """Tokens generated for one row: up to its first end token (counted) or padding."""
    for position, token in enumerate(row):
        if token in ends:
            return position + 1
        if token == pad:
            return position
    return len(row)


def _cut_at_stop(text: str, stop: tuple[str, ...]) -> str:
    """The text before the first stop sequence, as API providers return it."""
    cuts = [text.index(seq) for seq in stop if seq in text]
    return text[: min(cuts)] if cuts else text
