"""The benchmark scripts run (their numbers are read by people, not asserted here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the benchmark scripts in fresh processes

ROOT = Path(__file__).parents[1]


def test_full_scale_quick_prints_every_row_and_rescoring_makes_no_grader_call(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "full_scale.py"), "--quick", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {
        line.split("|")[1].strip(): line
        for line in result.stdout.splitlines()
        if line.startswith("| ")
    }
    for name in (
        "bare, images logged",
        "bare, log_images=False",
        "bj-evals",
        "judge IV, 3 repeats",
    ):
        assert name in rows
    bare, ours = (
        [int(n) for n in re.split(r"\s*\|\s*", rows[name])[5:7]]
        for name in ("bare, images logged", "bj-evals")
    )
    assert ours[0] == bare[0]  # the same samples, the same model calls
    assert ours[1] == bare[1] + 2  # the same grader calls, and one format check per judge
    assert "re-scoring from the cache made 0 grader calls" in result.stdout
    assert "bj-evals report over the bj-evals logs:" in result.stdout


def test_semantic_cost_prints_a_row_per_encoder() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "semantic_cost.py"), "--answers", "8"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| tiny random BERT (2 layers, 32 wide) | cpu |" in result.stdout
