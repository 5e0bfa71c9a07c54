"""Inspect finds the tasks and the stand-in providers from the installed package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log

import bj_evals

INSPECT = shutil.which("inspect", path=str(Path(sys.executable).parent))


@pytest.mark.slow
def test_inspect_eval_finds_a_task_by_its_package_name(dataset: Path, tmp_path: Path) -> None:
    assert INSPECT is not None
    logs = tmp_path / "cli-logs"
    result = subprocess.run(
        [
            INSPECT,
            "eval",
            "bj_evals/knowledge_recall",
            "--model",
            "chance/uniform",
            "-T",
            f"source={dataset}",
            "--log-dir",
            str(logs),
            "--display",
            "plain",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [log_file] = logs.glob("*.eval")
    log = read_eval_log(str(log_file))
    assert log.eval.task == "bj_evals/knowledge_recall"
    assert log.results is not None and log.results.total_samples == 2


@pytest.mark.slow
def test_a_bad_data_directory_fails_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    assert INSPECT is not None
    (tmp_path / "cases.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    (tmp_path / "mcqs.jsonl").write_text("", encoding="utf-8")
    result = subprocess.run(
        [
            INSPECT,
            "eval",
            "bj_evals/knowledge_recall",
            "--model",
            "chance/uniform",
            "-T",
            f"source={tmp_path}",
            "--log-dir",
            str(tmp_path / "logs"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    output = " ".join((result.stdout + result.stderr).split())  # the console wraps lines
    assert f"{tmp_path}/cases.jsonl:1: site: field required; add it" in output
    assert "Traceback" not in output


@pytest.mark.slow
def test_inspect_list_tasks_shows_the_eight_and_the_probes_in_the_repository() -> None:
    assert INSPECT is not None
    root = Path(__file__).parents[1]
    result = subprocess.run(
        [INSPECT, "list", "tasks", "src"], cwd=root, capture_output=True, text=True, check=True
    )
    listed = {line.split("@")[1] for line in result.stdout.split() if "@" in line}
    assert listed == set(bj_evals.__all__)
