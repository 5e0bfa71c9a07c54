"""Loading a vision-language model and its processor: checked at once, weights on first use.

Building the provider only reads the model's configuration and processor, so a
model that cannot work stops the run in one line at its start, and an eval-set over
several local models holds no weights until a task asks. Inspect may build a
provider more than once for the same model (a model-info lookup builds one with
another configuration), so loaded weights are cached by everything that changes
them in memory: path, class, device, dtype and loading arguments. Before loading a
model, the weights of any other model that no running task uses are freed
(`residency`), so one model at a time is in memory when tasks run one at a time.
"""

from __future__ import annotations

import gc
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
import transformers
from transformers import AutoConfig, AutoProcessor

from bj_evals.errors import BJEvalsError
from bj_evals.providers.hfvlm.residency import in_use

DEFAULT_MODEL_CLASS = "AutoModelForImageTextToText"


@dataclass(frozen=True)
class LoadSpec:
    """What to load: the `hfvlm/<name>` and the `-M` options that decide the weights in memory."""

    name: str
    path: str
    device: str = "auto"
    dtype: str = "auto"
    model_class: str = DEFAULT_MODEL_CLASS
    trust_remote_code: bool = False
    chat_template: str | None = None
    processor_args: dict[str, Any] = field(default_factory=dict)
    use_kernels: bool = False
    model_args: dict[str, Any] = field(default_factory=dict)

    def key(self) -> str:
        """The cache key: every field but the name, arguments included, as canonical JSON."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "name"}
        return json.dumps(fields, sort_keys=True, default=str)


@dataclass
class LoadedModel:
    """A model with its processor, and the one thread that runs its generations.

    torch's CPU thread pool belongs to the thread that calls it: every new calling
    thread brings a pool of its own, whose idle threads spin for a while and take the
    cores from the pool at work. One thread per model keeps one pool, and runs one
    generation at a time.
    """

    model: Any
    processor: Any
    device: str
    dtype: torch.dtype
    worker: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="hfvlm")
    )

    @property
    def tokenizer(self) -> Any:
        """The processor's tokenizer."""
        return self.processor.tokenizer


_cache: dict[str, tuple[LoadSpec, LoadedModel]] = {}
_cache_lock = threading.RLock()


def load_model(spec: LoadSpec) -> LoadedModel:
    """The model and processor of `spec`, loaded on first use and then reused."""
    key = spec.key()
    with _cache_lock:
        if key not in _cache:
            free_idle(keep=spec.name)
            _cache[key] = (spec, _load(spec))
        return _cache[key][1]


def loaded_names() -> list[str]:
    """The models whose weights are in memory now."""
    with _cache_lock:
        return [spec.name for spec, _ in _cache.values()]


def free_idle(keep: str) -> None:
    """Free the weights of every model but `keep` that no running task uses (hold the lock)."""
    idle = [key for key, (spec, _) in _cache.items() if spec.name != keep and not in_use(spec.name)]
    for key in idle:
        _, loaded = _cache.pop(key)
        loaded.worker.shutdown(wait=True)
    if idle:
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()


def check_loadable(spec: LoadSpec) -> None:
    """Read the configuration and processor of `spec`; a one-line error if it cannot work."""
    _model_class(spec)
    _config_and_processor(spec)


def resolve_device(device: str) -> str:
    """`auto` is the first of cuda, mps, cpu that this machine has."""
    if device != "auto":
        return device
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def resolve_dtype(dtype: str, device: str) -> torch.dtype:
    """`auto` is bfloat16 on a CUDA GPU that has it, float16 on other GPUs, float32 on CPU."""
    if dtype == "auto":
        if device.startswith("cuda"):
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float16 if device.startswith("mps") else torch.float32
    chosen = getattr(torch, dtype, None)
    if not isinstance(chosen, torch.dtype):
        raise BJEvalsError(f"-M dtype={dtype}: use auto, bfloat16, float16 or float32.")
    return chosen


def _load(spec: LoadSpec) -> LoadedModel:
    device = resolve_device(spec.device)
    dtype = resolve_dtype(spec.dtype, device)
    model_class = _model_class(spec)
    _, processor = _config_and_processor(spec)
    # device_map="auto" lets accelerate spread a large model over every visible GPU.
    device_map = "auto" if device == "cuda" else device
    remote = {"trust_remote_code": spec.trust_remote_code}
    try:
        # Hub kernels only when asked: fetching them fails on an offline GPU machine.
        model = model_class.from_pretrained(
            spec.path,
            dtype=dtype,
            device_map=device_map,
            use_kernels=spec.use_kernels,
            **remote,
            **spec.model_args,
        )
    except Exception as err:  # the library's own reason, whatever it raised
        raise _load_error(spec, err, hint="") from err
    model.eval()
    processor.tokenizer.padding_side = "left"
    if processor.tokenizer.pad_token is None:
        processor.tokenizer.pad_token = processor.tokenizer.eos_token
    return LoadedModel(model=model, processor=processor, device=device, dtype=dtype)


def _model_class(spec: LoadSpec) -> Any:
    model_class = getattr(transformers, spec.model_class, None)
    if model_class is None or not hasattr(model_class, "from_pretrained"):
        raise BJEvalsError(
            f"-M model_class={spec.model_class}: not a transformers model class; "
            f"use {DEFAULT_MODEL_CLASS} (the default) or a class such as "
            "Qwen2VLForConditionalGeneration."
        )
    return model_class


def _config_and_processor(spec: LoadSpec) -> tuple[Any, Any]:
    remote = {"trust_remote_code": spec.trust_remote_code}
    try:
        config = AutoConfig.from_pretrained(spec.path, **remote)
        processor = AutoProcessor.from_pretrained(  # type: ignore[no-untyped-call]
            spec.path, **remote, **spec.processor_args
        )
    except (OSError, ValueError) as err:
        raise _load_error(spec, err) from err
    model_type = getattr(config, "model_type", "unknown")
    _check_processor(spec, processor, model_type)
    mapping = getattr(_model_class(spec), "_model_mapping", None)
    if mapping is not None and type(config) not in mapping:
        raise _not_a_vlm(spec, f"model type '{model_type}'")
    return config, processor


def _check_processor(spec: LoadSpec, processor: Any, model_type: str) -> None:
    if getattr(processor, "image_processor", None) is None:
        raise _not_a_vlm(spec, f"model type '{model_type}', its processor takes no images")
    if spec.chat_template is not None:
        template = Path(spec.chat_template)
        is_file = len(spec.chat_template) < 4096 and template.is_file()
        processor.chat_template = (
            template.read_text(encoding="utf-8") if is_file else spec.chat_template
        )
    if not processor.chat_template:
        raise BJEvalsError(
            f"hfvlm/{spec.name}: the processor has no chat template; "
            "give one with -M chat_template=<Jinja file or text>."
        )


def _not_a_vlm(spec: LoadSpec, what: str) -> BJEvalsError:
    return BJEvalsError(
        f"hfvlm/{spec.name} is not a vision-language model that transformers loads with "
        f"{spec.model_class} ({what}). For a text-only model use --model hf/{spec.name}; "
        "for a model with its own code add -M trust_remote_code=true or serve it with vLLM."
    )


def _load_error(spec: LoadSpec, err: Exception, hint: str | None = None) -> BJEvalsError:
    reason = next((line.strip() for line in str(err).splitlines() if line.strip()), repr(err))
    if hint is None:
        hint = (
            " If you trust the model's code, add -M trust_remote_code=true."
            if "trust_remote_code" in str(err) or "custom code" in str(err)
            else " Give a directory saved with save_pretrained() or a Hugging Face hub id."
        )
    return BJEvalsError(f"hfvlm/{spec.name} cannot be loaded: {reason}{hint}")
