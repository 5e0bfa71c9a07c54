"""Wall time of `hfvlm/` answering the demo image questions one at a time and in batches.

Runs `image_interpretation -T source=demo` through Inspect on a tiny random-weight
Qwen2-VL (the one the tests build), greedy, first with `-M batch_size=1` and then
batched, and prints the times and their ratio. Each run answers every question
`--epochs` times, so that Inspect's fixed cost of starting a run weighs little.
Offline, on whatever device torch picks (a CPU here).

    python benchmarks/hfvlm_batching.py [--batch-sizes 8 16 32] [--max-tokens 128] [--epochs 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# The tiny model builders live with the tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspect_ai import eval
from inspect_ai.model import Model, get_model

from bj_evals import image_interpretation
from tests.providers.hfvlm.tiny_models import qwen2_vl


def seconds(model: Model, args: argparse.Namespace, log_dir: str) -> float:
    """Wall time of one run of the demo image questions."""
    started = time.perf_counter()
    [log] = eval(
        image_interpretation,
        model=model,
        task_args={"source": "demo"},
        epochs=args.epochs,
        max_tokens=args.max_tokens,
        temperature=0.0,
        display="none",
        log_dir=log_dir,
        # The log is written once, at the end, so that writing it does not compete with
        # the model for the CPU cores while the samples run.
        log_realtime=False,
        log_buffer=10_000,
    )
    if log.status != "success":
        raise SystemExit(f"run failed: {log.error}")
    return time.perf_counter() - started


def main() -> None:
    """Build the model, warm it up, time each batch size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[8, 16, 32])
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    import torch

    sizes = [1, *args.batch_sizes]
    with tempfile.TemporaryDirectory() as scratch:
        path = qwen2_vl(Path(scratch) / "tiny-qwen2-vl")
        models = {size: get_model(f"hfvlm/{path}", batch_size=size) for size in sizes}
        logs = str(Path(scratch) / "logs")
        for model in models.values():  # warm-up: first-call costs of each batch size
            seconds(model, args, logs)
        # Interleaved, so that a slow spell of the machine falls on every batch size alike.
        runs: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(args.repeats):
            for size, model in models.items():
                runs[size].append(seconds(model, args, logs))
        device = models[1].api.loaded.device  # type: ignore[attr-defined]

    samples = 16 * args.epochs
    times = {size: statistics.median(runs[size]) for size in sizes}
    print(
        f"hfvlm batching: tiny Qwen2-VL (random weights), {samples} answers to the demo image "
        f"questions, {args.max_tokens} new tokens, greedy, {device} with "
        f"{torch.get_num_threads()} threads, median of {args.repeats} runs"
    )
    print(f"{'batch_size':>10}{'wall s':>10}{'samples/s':>12}{'vs sequential':>15}")
    for size in sizes:
        speedup = times[1] / times[size]
        print(f"{size:>10}{times[size]:>10.2f}{samples / times[size]:>12.2f}{speedup:>14.1f}x")
    best = max(args.batch_sizes, key=lambda size: times[1] / times[size])
    print(f"batched/sequential speed-up: {times[1] / times[best]:.1f}x (batch_size={best})")


if __name__ == "__main__":
    main()
