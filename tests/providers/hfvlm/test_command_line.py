"""`hfvlm/` as users meet it: the `inspect` command, and a core install without torch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log
from inspect_ai.model import get_model

from bj_evals.errors import BJEvalsError

pytestmark = pytest.mark.slow  # the inspect command in fresh processes

INSPECT = shutil.which("inspect", path=str(Path(sys.executable).parent))


def inspect_eval(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert INSPECT is not None
    return subprocess.run(
        [INSPECT, "eval", *args, "--log-dir", str(tmp_path / "logs"), "--display", "plain"],
        cwd=tmp_path,
        env=os.environ | {"HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_inspect_eval_runs_an_image_task_on_a_local_model(qwen2_vl: Path, tmp_path: Path) -> None:
    result = inspect_eval(
        tmp_path,
        "bj_evals/image_interpretation",
        "--model",
        f"hfvlm/{qwen2_vl}",
        "-T",
        "source=demo",
        "-M",
        "batch_size=4",
        "--max-tokens",
        "4",
    )

    assert result.returncode == 0, result.stderr[-3000:]
    [log_file] = (tmp_path / "logs").glob("*.eval")
    log = read_eval_log(str(log_file))
    assert log.eval.model == f"hfvlm/{qwen2_vl}"
    assert log.results is not None and log.results.completed_samples == 16


def test_a_model_that_is_not_a_vision_model_stops_the_command_in_one_line(
    text_only_llama: Path, tmp_path: Path
) -> None:
    result = inspect_eval(
        tmp_path, "bj_evals/knowledge_recall", "--model", f"hfvlm/{text_only_llama}"
    )

    assert result.returncode != 0
    output = " ".join((result.stdout + result.stderr).split())  # the console wraps lines
    assert f"hfvlm/{text_only_llama} is not a vision-language model" in output
    assert f"use --model hf/{text_only_llama}" in output
    assert "Traceback" not in output


def test_the_provider_is_registered_without_importing_torch() -> None:
    code = "import sys, bj_evals._registry; print(sorted({'torch', 'transformers'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


def test_without_torch_the_error_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(
        BJEvalsError, match=r"needs torch.*pip install 'bj-evals\[local\]'"
    ) as error:
        get_model("hfvlm/any-model")
    assert "\n" not in str(error.value)
