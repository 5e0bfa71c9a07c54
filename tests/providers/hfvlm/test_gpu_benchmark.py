"""`benchmarks/hfvlm_gpu.py --tiny`: the GPU benchmark's table and JSON, from a CPU run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

pytestmark = pytest.mark.slow  # runs the benchmark in a fresh process

ROOT = Path(__file__).parents[3]


def test_the_tiny_run_prints_the_table_and_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "USE_HUB_KERNELS")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "hfvlm_gpu.py"), "--tiny", "--json", str(out)],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path, env=env,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| batch_size | batches hfvlm formed | hfvlm tok/s | floor tok/s")
    assert [line.split("|")[1].strip() for line in table[2:]] == ["1", "16", "32", "64"]
    rows = json.loads(out.read_text())["rows"]
    for row in rows:
        run, size = row["hfvlm"], row["batch_size"]
        assert sum(run["batches"]) == run["answers"] and max(run["batches"]) <= size
        assert run["tokens"] > 0 and run["tokens_per_s"] > 0
        assert (row["floor"] is None) == (size == 1)
        if row["floor"]:
            assert 0 < row["floor"]["processor_share"] < 1


def test_the_decoding_benchmark_prints_each_cache() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "hfvlm_decoding.py"), "--tokens", "4"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    assert "4 new tokens x 16 rows, tokens/s: dynamic " in result.stdout
    assert ", static " in result.stdout and ", static, compiled " in result.stdout
