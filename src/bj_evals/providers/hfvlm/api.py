"""`hfvlm/<model>`: a transformers image-text-to-text model as an Inspect model API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio.lowlevel
import anyio.to_thread
from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from bj_evals.errors import BJEvalsError
from bj_evals.providers.hfvlm.batcher import MicroBatcher, pin_concurrency
from bj_evals.providers.hfvlm.decoding import Decoding
from bj_evals.providers.hfvlm.generation import Completion, Sampling, generate
from bj_evals.providers.hfvlm.loading import (
    DEFAULT_MODEL_CLASS,
    LoadedModel,
    LoadSpec,
    check_loadable,
    load_model,
    resolve_device,
    resolve_dtype,
)
from bj_evals.providers.hfvlm.messages import to_conversation

DEFAULT_MAX_TOKENS = 2048
BatchKey = tuple[bool, Sampling]
"""Requests batch together when they agree on having images and on every setting."""


class HFVisionLanguageAPI(ModelAPI):
    """A local Hugging Face vision-language model, answering concurrent samples in batches.

    Args:
        model_name: Hub id or local directory (`hfvlm//abs/path` for an absolute path).
        base_url: Unused (the model runs in this process).
        api_key: Unused; a hub token comes from `HF_TOKEN` as transformers reads it.
        config: Inspect's generation settings.
        model_path: Load from this directory instead of `model_name`.
        device: `auto` (cuda, then mps, then cpu), or a torch device such as `cuda:1`.
        dtype: `auto` (bfloat16 on CUDA, float16 on mps, float32 on cpu) or a torch dtype name.
        batch_size: Most samples answered in one forward pass.
        max_pixels: Images larger than this are downscaled to it; by default none is, so the
            model gets the image the task sent (sized by `-T image_size`) and the log shows it.
        model_class: The transformers class that loads the weights.
        trust_remote_code: Run the model repository's own code (only when you trust it).
        chat_template: A Jinja chat template (file or text) for processors without one.
        processor_args: Keyword arguments for `AutoProcessor.from_pretrained`.
        use_kernels: Let transformers swap in kernels from the Hugging Face hub (fetched
            unless cached, so off by default: an offline GPU machine loads without them).
        cache_implementation: `dynamic` (transformers' default) or `static` KV cache.
        compile: Compile the forward pass with torch.compile (needs the static cache).
        continuous_batching: Refused: transformers' continuous batching takes no images.
        **model_args: Keyword arguments for the model's `from_pretrained`.

    """

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        model_path: str | None = None,
        device: str = "auto",
        dtype: str = "auto",
        batch_size: int = 8,
        max_pixels: int | None = None,
        model_class: str = DEFAULT_MODEL_CLASS,
        trust_remote_code: bool = False,
        chat_template: str | None = None,
        processor_args: dict[str, Any] | None = None,
        use_kernels: bool = False,
        cache_implementation: str | None = None,
        compile: bool = False,
        continuous_batching: bool | None = None,
        **model_args: Any,
    ) -> None:
        config = config or GenerateConfig()
        super().__init__(model_name, base_url, api_key, [], config)
        if not isinstance(trust_remote_code, bool):
            raise BJEvalsError(f"-M trust_remote_code={trust_remote_code}: use true or false.")
        if not isinstance(use_kernels, bool):
            raise BJEvalsError(f"-M use_kernels={use_kernels}: use true or false.")
        self.decoding = Decoding.from_options(cache_implementation, compile, continuous_batching)
        self.batch_size = _positive("batch_size", batch_size)
        pin_concurrency(config, self.max_connections())
        self.max_pixels = int(max_pixels) if max_pixels else None
        spec = LoadSpec(
            name=model_name,
            path=model_path or model_name,
            device=str(device),
            dtype=str(dtype),
            model_class=model_class,
            trust_remote_code=trust_remote_code,
            chat_template=chat_template,
            processor_args=dict(processor_args or {}),
            use_kernels=use_kernels,
            model_args=model_args,
        )
        check_loadable(spec)
        self.spec = spec
        self._batcher: tuple[anyio.lowlevel.EventLoopToken, MicroBatcher[Any, Any, Any]] | None
        self._batcher = None

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Answer one sample, batched with the samples that arrive with it."""
        if tools:
            raise BJEvalsError("hfvlm/ does not run tools; evaluate it on tasks without tools.")
        conversation = await anyio.to_thread.run_sync(to_conversation, input, self.max_pixels)
        sampling = Sampling.from_config(config, self.max_tokens() or DEFAULT_MAX_TOKENS)
        key: BatchKey = (conversation.images > 0, sampling)
        completion: Completion = await self._current_batcher().submit(key, conversation.messages)
        output = ModelOutput.from_content(
            model=self.model_name,
            content=completion.text,
            stop_reason="max_tokens" if completion.stopped_by_length else "stop",
        )
        output.usage = ModelUsage(
            input_tokens=completion.input_tokens,
            output_tokens=completion.output_tokens,
            total_tokens=completion.input_tokens + completion.output_tokens,
        )
        output.time = completion.seconds
        output.metadata = {"hfvlm": self.settings() | {"images": conversation.image_sizes}}
        return output

    @property
    def loaded(self) -> LoadedModel:
        """The weights and processor, loaded at first use (and again after being freed)."""
        return load_model(self.spec)

    def settings(self) -> dict[str, Any]:
        """The settings in effect, recorded with every answer in the log (weights not needed)."""
        device = resolve_device(self.spec.device)
        return {
            "model_path": self.spec.path,
            "model_class": self.spec.model_class,
            "device": device,
            "dtype": str(resolve_dtype(self.spec.dtype, device)).removeprefix("torch."),
            "batch_size": self.batch_size,
            "max_pixels": self.max_pixels,
            "use_kernels": self.spec.use_kernels,
        } | self.decoding.settings()

    def max_tokens(self) -> int | None:
        """Answers may be long (reasoning tasks): 2048 new tokens unless told otherwise."""
        return DEFAULT_MAX_TOKENS

    def max_connections(self) -> int:
        """Twice the batch size, so the next batch gathers while one runs (pinned in __init__)."""
        return 2 * self.batch_size

    def collapse_user_messages(self) -> bool:
        """Chat templates expect user and assistant turns to alternate."""
        return True

    def _current_batcher(self) -> MicroBatcher[BatchKey, list[dict[str, Any]], Completion]:
        token = anyio.lowlevel.current_token()
        if self._batcher is None or self._batcher[0] != token:
            self._batcher = (
                token,
                MicroBatcher(self._run_batch, self.batch_size, prepare=self._load),
            )
        return self._batcher[1]

    async def _load(self) -> None:
        # the first batch waits for the weights, off the event loop, which other samples share
        await anyio.to_thread.run_sync(load_model, self.spec)

    async def _run_batch(
        self, key: BatchKey, conversations: Sequence[list[dict[str, Any]]]
    ) -> list[Completion]:
        loaded = await anyio.to_thread.run_sync(load_model, self.spec)  # loaded by _load
        return await generate(loaded, list(conversations), key[1], self.decoding)


def _positive(name: str, value: Any) -> int:
    number = int(value)
    if number < 1:
        raise BJEvalsError(f"-M {name}={value}: use a whole number of at least 1.")
    return number
