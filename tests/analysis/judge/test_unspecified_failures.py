"""A failure the grader wrote in its own words: the verdict counts, and the report calls it unspecified."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from inspect_ai import eval
from inspect_ai.model import ModelOutput

from bj_evals import diagnosis_generation
from bj_evals.cli import main
from tests.helpers import Call, Scripted, reply


def own_words(call: Call) -> ModelOutput:
    """A local grader on the text format that fails knee answers in words of its own."""
    if call.tools or call.config.response_schema is not None:
        raise RuntimeError("unsupported request")
    if call.is_format_check or "knee patient" not in call.text:
        return reply(json.dumps({"verdict": "Correct", "failure": None, "explanation": "t"}))
    failure = "Perceptual error" if call.repeat else "**knowledge gap**"
    return reply(json.dumps({"verdict": "**Incorrect**", "failure": failure, "explanation": "t"}))


def test_the_report_counts_failures_in_the_graders_own_words_as_unspecified(
    dataset: Path, tmp_path: Path
) -> None:
    eval(
        diagnosis_generation,
        task_args={"source": str(dataset)},
        model=Scripted(lambda call: reply("An answer.")).model(),
        model_roles={"grader": Scripted(own_words).model()},
        log_dir=str(tmp_path / "logs"),
        display="none",
    )

    assert main(["report", str(tmp_path / "logs"), "-o", str(tmp_path / "out")]) == 0

    [row] = pd.read_csv(tmp_path / "out" / "failure_profile.csv").to_dict("records")
    assert (row["answers"], row["failed"], row["unspecified"]) == (6, 2, 1.0)
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "| unspecified |" in markdown and "| 100.0% |" in markdown
    assert "failure_written" in markdown
    assert (tmp_path / "out" / "failure_profile.png").stat().st_size > 0
