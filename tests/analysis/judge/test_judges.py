"""The judge's evidence in the report: a panel's agreement, and why answers failed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from inspect_ai import eval
from inspect_ai.log import read_eval_log
from inspect_ai.model import ModelOutput
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from bj_evals import diagnosis_generation
from bj_evals.analysis import failure_profile, panel_agreement, read_logs
from bj_evals.cli import main
from tests.helpers import Call, Scripted, reply, verdict

CORRECT_FOR = {"g1": ("knee", "hip"), "g2": ("knee",)}
FAILURE_OF = {"g1": "knowledge", "g2": "reasoning"}


def grader(name: str) -> Scripted:
    def grade(call: Call) -> ModelOutput:
        if call.is_format_check or any(
            f"{site} patient" in call.text for site in CORRECT_FOR[name]
        ):
            return verdict(verdict="Correct", explanation="scripted")
        return verdict(verdict="Incorrect", failure=FAILURE_OF[name], explanation="scripted")

    return Scripted(grade)


@pytest.fixture
def panel_logs(dataset: Path, tmp_path: Path) -> Path:
    eval(
        diagnosis_generation,
        task_args={"source": str(dataset)},
        model=Scripted(lambda call: reply("An answer.")).model(),
        model_roles={
            "grader": [grader("g1").model("mockllm/g1"), grader("g2").model("mockllm/g2")]
        },
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    return tmp_path / "logs"


def raw_scores(log_dir: Path) -> list[dict[str, object]]:
    [path] = log_dir.glob("*.eval")
    log = read_eval_log(str(path))
    return [next(iter(s.scores.values())).metadata for s in log.samples]  # type: ignore[union-attr, misc]


def test_a_panel_gets_fleiss_kappa_over_each_graders_majority(panel_logs: Path) -> None:
    [row] = panel_agreement(read_logs([panel_logs]).samples).to_dict("records")
    panels = [metadata["panel"] for metadata in raw_scores(panel_logs)]
    ratings = np.array([[p["mockllm/g1"], p["mockllm/g2"]] for p in panels])  # type: ignore[index]
    categories = sorted(set(ratings.ravel()))
    coded = np.vectorize(categories.index)(ratings)
    expected = fleiss_kappa(aggregate_raters(coded)[0], method="fleiss")
    assert row["fleiss_kappa"] == pytest.approx(expected)
    assert (row["n"], row["graders"]) == (6, "mockllm/g1, mockllm/g2")
    assert row["all_agree"] == pytest.approx(np.mean(ratings[:, 0] == ratings[:, 1]))
    assert row["success_rate mockllm/g1"] == pytest.approx(4 / 6)
    assert row["success_rate mockllm/g2"] == pytest.approx(2 / 6)


def test_the_report_shows_the_panel_beside_the_single_grader_numbers(
    panel_logs: Path, tmp_path: Path
) -> None:
    assert main(["report", str(panel_logs), "-o", str(tmp_path / "out")]) == 0
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "## Agreement within the grader panel" in markdown
    assert "mockllm/g1 66.7%; mockllm/g2 33.3%" in markdown
    assert not pd.read_csv(tmp_path / "out" / "panel_agreement.csv").empty


def test_the_failure_profile_counts_each_failed_answer_by_its_category(panel_logs: Path) -> None:
    [row] = failure_profile(read_logs([panel_logs]).samples).to_dict("records")
    named = Counter(m["failure"] for m in raw_scores(panel_logs) if m["failure"] is not None)
    assert row["failed"] == sum(named.values()) > 0
    for category, count in named.items():
        assert row[category] == pytest.approx(count / row["failed"])
    assert sum(
        v for k, v in row.items() if k not in ("bj_task", "label", "answers", "failed")
    ) == pytest.approx(1.0)


def silent_grader(call: Call) -> ModelOutput:
    """Passes the format check, then never gives a usable verdict."""
    if call.is_format_check:
        return verdict(verdict="Correct", explanation="scripted")
    return reply("I would rather not say.")


def test_a_grader_that_never_judged_leaves_no_agreement_and_its_failures_are_shown(
    dataset: Path, tmp_path: Path
) -> None:
    eval(
        diagnosis_generation,
        task_args={"source": str(dataset), "judge_repeats": 1},
        model=Scripted(lambda call: reply("An answer.")).model(),
        model_roles={
            "grader": [
                grader("g1").model("mockllm/g1"),
                Scripted(silent_grader).model("mockllm/g2"),
            ]
        },
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    [row] = panel_agreement(read_logs([tmp_path / "logs"]).samples).to_dict("records")
    scored = row["panel_samples"]
    assert scored > 0 and row["n"] == 0 and np.isnan(row["all_agree"])
    assert (row["no_verdict mockllm/g1"], row["no_verdict mockllm/g2"]) == (0, scored)
    assert main(["report", str(tmp_path / "logs"), "-o", str(tmp_path / "out")]) == 0
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    section = markdown.split("## Agreement within the grader panel")[1]
    assert "100.0%" not in section.split("\n\n")[1]
    assert f"mockllm/g2 {scored}" in section and f"0 of {scored}" in section
