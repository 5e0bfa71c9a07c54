"""Tokens/s of transformers' KV caches on the tiny Qwen2-VL: dynamic, static, static compiled.

Calls the provider's `generate_batch()` directly on 16 image questions in one batch
(a 448 x 448 image each, greedy), after a warm-up of each mode (which compiles the
compiled one), and prints the median of 3 runs of each, interleaved. Offline, on the CPU.

    python benchmarks/hfvlm_decoding.py [--tokens 64 8]
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tiny model builders
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))  # this checkout's bj_evals

from PIL import Image

from bj_evals.providers.hfvlm.decoding import Decoding
from bj_evals.providers.hfvlm.generation import Sampling, generate_batch
from bj_evals.providers.hfvlm.loading import LoadSpec, load_model
from tests.providers.hfvlm.tiny_models import qwen2_vl

MODES = {
    "dynamic": Decoding(),
    "static": Decoding("static"),
    "static, compiled": Decoding("static", compile=True),
}


def main() -> None:
    """Build the tiny model and print each mode's tokens/s for each answer length."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tokens", type=int, nargs="+", default=[64, 8])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = str(qwen2_vl(Path(scratch) / "tiny-qwen2-vl"))
        loaded = load_model(LoadSpec(name=path, path=path))
        image = Image.new("RGB", (448, 448), (120, 80, 40))
        chats = [
            [{"role": "user", "content": [{"type": "image", "image": image},
                                          {"type": "text", "text": f"Which bone? ({n})"}]}]
            for n in range(16)
        ]  # fmt: skip
        for tokens in args.tokens:
            sampling = Sampling(max_new_tokens=tokens, temperature=0.0)
            times: dict[str, list[float]] = {mode: [] for mode in MODES}
            for decoding in MODES.values():
                generate_batch(loaded, chats, sampling, decoding)
            for _ in range(3):
                for mode, decoding in MODES.items():
                    started = time.perf_counter()
                    answers = generate_batch(loaded, chats, sampling, decoding)
                    times[mode].append(time.perf_counter() - started)
            count = sum(answer.output_tokens for answer in answers)
            rates = ", ".join(f"{m} {count / statistics.median(t):.0f}" for m, t in times.items())
            print(f"{tokens} new tokens x 16 rows, tokens/s: {rates}")


if __name__ == "__main__":
    main()
