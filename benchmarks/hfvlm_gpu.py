"""Output tokens per second of `hfvlm/` against bare `generate()` in full batches (the floor).

Builds a random-weight Qwen2-VL with Qwen2-VL-2B-Instruct's dimensions from its
configuration alone (the values are written below; nothing is downloaded), answers
the demo image questions (`image_interpretation -T source=demo`) through Inspect at
each batch size, then answers the same conversations with the provider's own
`generate_batch()` in full batches. Prints, per batch size, the batches hfvlm
formed, both tokens/s and their ratio, the processor's share of the floor's time
(chat template and image preprocessing) and the peak GPU memory, and writes them
as JSON. Offline, greedy, on whatever device torch picks; no environment variable
is needed. `--tiny` runs the tests' tiny Qwen2-VL on the CPU in under a minute.

    python benchmarks/hfvlm_gpu.py [--tiny] [--cache static --compile] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tiny model builders
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # this checkout's bj_evals

import torch
from inspect_ai import eval
from inspect_ai.model import Model, get_model

import bj_evals.providers.hfvlm.api
from bj_evals import image_interpretation
from bj_evals.providers.hfvlm.generation import chat_inputs, generate_batch
from tests.providers.hfvlm import tiny_models

hfvlm_api: Any = bj_evals.providers.hfvlm.api  # its `generate` is wrapped to record batches

QWEN2_VL_2B: dict[str, dict[str, Any]] = {
    "text": {
        "hidden_size": 1536,
        "intermediate_size": 8960,
        "num_hidden_layers": 28,
        "num_attention_heads": 12,
        "num_key_value_heads": 2,
        "vocab_size": 151936,
        "max_position_embeddings": 32768,
        "rms_norm_eps": 1e-6,
        "tie_word_embeddings": True,
        "rope_parameters": {
            "rope_type": "default",
            "rope_theta": 1000000.0,
            "mrope_section": [16, 24, 24],
        },
    },
    "vision": {
        "depth": 32,
        "embed_dim": 1280,
        "hidden_size": 1536,
        "num_heads": 16,
        "mlp_ratio": 4,
        "patch_size": 14,
        "spatial_merge_size": 2,
        "temporal_patch_size": 2,
    },
}
"""Qwen2-VL-2B-Instruct's configuration (its config.json), as transformers 5 names it."""


def qwen2_vl_2b(root: Path) -> Path:
    """A random-weight Qwen2-VL-2B saved with save_pretrained (bfloat16, built on the GPU if any)."""
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration

    tiny = Path(tiny_models.qwen2_vl(root / "processor"))  # its tokenizer and processor
    ids = json.loads((tiny / "config.json").read_text())
    tokens = {key: value for key, value in ids.items() if key.endswith("token_id")}
    text_ids = {k: ids["text_config"][k] for k in ("bos_token_id", "eos_token_id", "pad_token_id")}
    config = Qwen2VLConfig(
        text_config=QWEN2_VL_2B["text"] | text_ids,
        vision_config=QWEN2_VL_2B["vision"],
        **tokens,
    )
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(0)
    with torch.device(device):
        model: Any = Qwen2VLForConditionalGeneration(config)
    model = model.to(torch.bfloat16)
    model.generation_config.eos_token_id = text_ids["eos_token_id"]
    model.generation_config.pad_token_id = text_ids["pad_token_id"]
    model.save_pretrained(root / "model")
    for name in tiny.iterdir():
        if name.name not in ("config.json", "generation_config.json") and "model" not in name.name:
            (root / "model" / name.name).write_bytes(name.read_bytes())
    del model
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
    return root / "model"


class Recorder:
    """Wraps the provider's batched generate: the conversations and sizes of each batch."""

    def __init__(self) -> None:
        self.batches: list[int] = []
        self.conversations: list[Any] = []
        self.tokens = 0
        self.sampling: Any = None
        self.original = hfvlm_api.generate

    async def __call__(self, loaded: Any, conversations: Any, sampling: Any, *rest: Any) -> Any:
        self.batches.append(len(conversations))
        self.conversations += conversations
        self.sampling = sampling
        completions = await self.original(loaded, conversations, sampling, *rest)
        self.tokens += sum(completion.output_tokens for completion in completions)
        return completions


def hfvlm_run(model: Model, args: argparse.Namespace, epochs: int, logs: str) -> dict[str, Any]:
    """One Inspect run of the demo image questions: tokens/s and the batches formed."""
    recorder = hfvlm_api.generate = Recorder()
    reset_peak()
    started = time.perf_counter()
    [log] = eval(
        image_interpretation,
        model=model,
        task_args={"source": "demo"},
        epochs=epochs,
        max_tokens=args.max_tokens,
        temperature=0.0,
        display="none",
        log_dir=logs,
        log_realtime=False,
        log_buffer=10_000,
    )
    seconds = time.perf_counter() - started
    hfvlm_api.generate = recorder.original
    if log.status != "success":
        raise SystemExit(f"run failed: {log.error}")
    return {
        "answers": len(recorder.conversations),
        "batches": recorder.batches,
        "tokens": recorder.tokens,
        "seconds": seconds,
        "tokens_per_s": recorder.tokens / seconds,
        "peak_gib": peak_gib(),
        "recorder": recorder,
    }


def floor_run(model: Model, recorder: Recorder, size: int) -> dict[str, Any]:
    """The same conversations through generate_batch() in full batches, and the processor's time."""
    api: Any = model.api
    loaded, chats = api.loaded, recorder.conversations
    chunks = [chats[start : start + size] for start in range(0, len(chats), size)]
    generate_batch(loaded, chunks[0], recorder.sampling, api.decoding)  # warm this shape
    reset_peak()
    seconds = processor = 0.0
    tokens = 0
    for chunk in chunks:
        started = time.perf_counter()
        tokens += sum(
            c.output_tokens for c in generate_batch(loaded, chunk, recorder.sampling, api.decoding)
        )
        seconds += time.perf_counter() - started
        started = time.perf_counter()
        chat_inputs(loaded, chunk)
        processor += time.perf_counter() - started
    return {
        "tokens_per_s": tokens / seconds,
        "seconds": seconds,
        "processor_share": processor / seconds,
        "peak_gib": peak_gib(),
    }


def reset_peak() -> None:
    if torch.cuda.is_available():
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()


def peak_gib() -> float | None:
    return torch.cuda.max_memory_allocated() / 2**30 if torch.cuda.is_available() else None


def main() -> None:
    """Build the model, measure each batch size, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="the tests' tiny Qwen2-VL on the CPU")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 16, 32, 64])
    parser.add_argument("--epochs", type=int, default=None, help="8, or 2 with --tiny")
    parser.add_argument("--max-tokens", type=int, default=None, help="64, or 8 with --tiny")
    parser.add_argument("--cache", default=None, help="-M cache_implementation (e.g. static)")
    parser.add_argument("--compile", action="store_true", help="-M compile=true")
    parser.add_argument("--json", default="hfvlm_gpu.json", help="where the figures go")
    args = parser.parse_args()
    epochs = args.epochs or (2 if args.tiny else 8)
    args.max_tokens = args.max_tokens or (8 if args.tiny else 64)
    options: dict[str, Any] = {"cache_implementation": args.cache, "compile": args.compile}
    if args.tiny:
        options["max_pixels"] = 200_704  # 256 image tokens: a CPU run in seconds

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        build = tiny_models.qwen2_vl if args.tiny else qwen2_vl_2b
        path = build(root / "qwen2-vl")
        logs = str(root / "logs")
        for size in args.batch_sizes:
            model = get_model(f"hfvlm/{path}", batch_size=size, **options)
            hfvlm_run(model, args, 1, logs)  # warm-up: loading, each size's first shapes
            run = hfvlm_run(model, args, 1 if size == 1 else epochs, logs)
            floor = None if size == 1 else floor_run(model, run.pop("recorder"), size)
            run.pop("recorder", None)
            rows.append({"batch_size": size, "hfvlm": run, "floor": floor})
        device = str(model.api.loaded.device)  # type: ignore[attr-defined]

    name = "tiny Qwen2-VL" if args.tiny else "Qwen2-VL-2B dimensions"
    gpu = torch.cuda.get_device_name() if torch.cuda.is_available() else "no GPU"
    title = (
        f"hfvlm vs floor: {name} (random weights), demo image questions, {args.max_tokens} new "
        f"tokens, greedy, {device} ({gpu}), torch {torch.__version__}, options {options}"
    )
    print(title)
    print(
        "| batch_size | batches hfvlm formed | hfvlm tok/s | floor tok/s | hfvlm / floor "
        "| processor share | peak GPU GiB |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        run, floor = row["hfvlm"], row["floor"]
        batches = ", ".join(str(n) for n in run["batches"])
        floor_cells = (
            f"{floor['tokens_per_s']:.1f} | {run['tokens_per_s'] / floor['tokens_per_s']:.2f} | "
            f"{floor['processor_share']:.0%}"
            if floor
            else "- | - | -"
        )
        peak = run["peak_gib"]
        print(
            f"| {row['batch_size']} | {batches} | {run['tokens_per_s']:.1f} | {floor_cells} "
            f"| {'-' if peak is None else f'{peak:.1f}'} |"
        )
    Path(args.json).write_text(
        json.dumps({"title": title, "rows": rows}, indent=2) + "\n", encoding="utf-8"
    )
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
