"""What the semantic score costs: seconds per 1,000 answers, with each encoder at hand.

Scores demo-length answers (the expert answers of tasks IV-VII, each against another
case's) with the bj-evals scorer's own code, the cache off, on the CPU threads given
(2 by default, as the test machines have) or on the GPU when there is one. Encoders: a
tiny random-weight BERT (the machinery alone), all-MiniLM-L6-v2 when its PyPI package is
installed and matches the published checksums, and any encoder directory named.

    python benchmarks/semantic_cost.py [--answers 1000] [--threads 2] [--encoder DIR ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test fixtures build the tiny encoder


def pairs(n: int) -> list[tuple[str, str]]:
    """`n` (answer, reference) pairs of the lengths the case tasks have."""
    from bj_evals.importing.sources import load_source
    from bj_evals.task_table import TASKS

    cases = load_source("demo").cases
    fields = [t.reference for t in TASKS if t.family == "case" and t.reference]
    texts = [str(getattr(c, f)) for f in fields for c in cases if getattr(c, f)]
    shifted = texts[len(texts) // 2 :] + texts[: len(texts) // 2]
    base = list(zip(shifted, texts, strict=True))
    return [(f"{a} ({n})", r) for n, (a, r) in enumerate(base * (n // len(base) + 1))][:n]


def measure(
    encoder: Path, work: list[tuple[str, str]], batch: int
) -> tuple[float, float, float, str]:
    """Seconds to load the encoder, wall and CPU seconds per 1,000 answers, and the device.

    CPU seconds over the threads say what the work takes on a machine shared with others.
    """
    from bj_evals.scorers.bertscore import BertScore, Settings
    from bj_evals.scorers.score_cache import ScoreCache

    scores = BertScore(Settings.resolved(str(encoder)), ScoreCache(None), batch_size=batch)
    started = time.perf_counter()
    scores.pairs(work[:1])
    loaded = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(work), batch):
        scores.pairs(work[start : start + batch])
    per_thousand = (time.perf_counter() - started) / len(work) * 1000
    cpu_per_thousand = (time.process_time() - cpu) / len(work) * 1000
    return loaded, per_thousand, cpu_per_thousand, str(scores._load().device)


def main() -> None:
    """Print one row per encoder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--encoder", type=Path, action="append", default=[])
    args = parser.parse_args()
    import torch

    from tests.scorers.minilm import checked_minilm
    from tests.scorers.tiny_encoder import tiny_encoder

    torch.set_num_threads(args.threads)
    work = pairs(args.answers)
    with tempfile.TemporaryDirectory() as folder:
        encoders = {"tiny random BERT (2 layers, 32 wide)": tiny_encoder(Path(folder) / "tiny")}
        minilm = checked_minilm(Path(folder) / "minilm")
        if minilm is not None:
            encoders["all-MiniLM-L6-v2 (6 layers, 384 wide)"] = minilm
        encoders |= {str(path): path for path in args.encoder}
        print(f"{len(work)} answers, batch {args.batch}, {args.threads} CPU threads\n")
        print(
            "| encoder | device | load (s) | wall s per 1,000 answers | CPU s per 1,000 answers |"
        )
        print("| --- | --- | ---: | ---: | ---: |")
        for name, path in encoders.items():
            loaded, wall, cpu, device = measure(path, work, args.batch)
            print(f"| {name} | {device} | {loaded:.1f} | {wall:.0f} | {cpu:.0f} |", flush=True)


if __name__ == "__main__":
    main()
