"""The package passes inspect-evals-lint, the checker of Inspect eval conventions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_inspect_evals_lint_reports_no_finding() -> None:
    pytest.importorskip("inspect_evals_lint", reason="inspect-evals-lint needs Python 3.11")
    lint = shutil.which("inspect-evals-lint", path=str(Path(sys.executable).parent))
    assert lint is not None
    result = subprocess.run(
        [lint, "--all"], cwd=Path(__file__).parents[1], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:]
