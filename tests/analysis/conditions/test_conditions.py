"""What the image adds: runs of one model under several imaging conditions, paired case by case."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PIL import Image
from scipy.stats import binomtest
from statsmodels.stats.contingency_tables import mcnemar

import bj_evals
from bj_evals.analysis import accuracy_table, read_logs, write_report
from bj_evals.analysis.conditions.paired import analyse_conditions
from tests.analysis.conftest import DEMO, run_task
from tests.helpers import Call, reply, verdict


def hand_made(outcomes: dict[str, list[float]], bj_task: str = "IV") -> pd.DataFrame:
    """A sample table of one model: per condition, the score of each of the same cases."""
    rows = []
    for imaging, scores in outcomes.items():
        for n, score in enumerate(scores):
            rows.append(
                {
                    "task": "diagnosis_generation", "bj_task": bj_task, "model": "lab/model",
                    "condition": "" if imaging == "image" else imaging, "imaging": imaging,
                    "grader": "g", "log": f"{imaging}.eval", "id": f"case-{n}",
                    "case_id": f"case-{n}", "site": "knee", "status": "scored", "score": score,
                    "setup": "data=demo", "describer": "",
                }
            )  # fmt: skip
    frame: pd.DataFrame = pd.DataFrame(rows)
    return frame


def analysed(outcomes: dict[str, list[float]]) -> Any:
    samples = hand_made(outcomes)
    return analyse_conditions(samples, accuracy_table(samples))


def test_the_paired_test_is_the_exact_mcnemar_on_majority_outcomes() -> None:
    # judged scores: 2/3 and 1 count as correct, 0 and 1/3 as wrong
    image = [1, 1, 2 / 3, 2 / 3, 1, 1, 1, 1, 1 / 3, 0, 1, 2 / 3]
    blank = [0, 1 / 3, 0, 1 / 3, 0, 1, 1, 0, 1, 0, 0, 2 / 3]
    result = analysed({"image": image, "blank": blank})

    [row] = result.paired.to_dict("records")
    right_image = [s > 0.5 for s in image]
    right_blank = [s > 0.5 for s in blank]
    lost = sum(a and not b for a, b in zip(right_image, right_blank, strict=True))
    gained = sum(b and not a for a, b in zip(right_image, right_blank, strict=True))
    assert (row["lost"], row["gained"]) == (lost, gained) == (7, 1)
    # exact McNemar is a two-sided binomial test on the discordant cases
    assert row["mcnemar_p"] == pytest.approx(binomtest(gained, lost + gained, 0.5).pvalue)
    table = [[3, lost], [gained, 12 - 3 - lost - gained]]
    assert row["mcnemar_p"] == pytest.approx(mcnemar(table, exact=True).pvalue)
    assert row["flipped"] == pytest.approx(8 / 12)
    assert row["difference"] == pytest.approx(sum(blank) / 12 - sum(image) / 12)
    assert row["difference_low"] < row["difference"] < row["difference_high"]
    assert row["reference"] == "image" and row["reading"] == "inconclusive"


def test_an_unchanged_accuracy_with_a_blank_image_says_the_image_is_not_used() -> None:
    image = [1.0, 0.0] * 10
    blank = [1.0, 0.0] * 9 + [0.0, 1.0]  # one case lost, one gained: the same accuracy
    result = analysed({"image": image, "blank": blank})

    [row] = result.paired.to_dict("records")
    assert row["reading"] == "not using the image" and row["difference"] == 0
    [finding] = result.findings
    assert "50.0% with a blank image against 50.0% with the images" in finding
    assert finding.endswith("so the model is not using the image.")


def test_a_large_drop_without_images_says_the_image_is_used() -> None:
    image, none = [1.0] * 18 + [0.0] * 2, [0.0] * 18 + [1.0] * 2
    result = analysed({"image": image, "none": none})

    assert result.paired["reading"].tolist() == ["uses the image"]
    assert "10.0% with no imaging against 90.0% with the images" in result.findings[0]


def test_each_condition_is_compared_with_the_images_and_p_values_adjusted_together() -> None:
    image = [1.0] * 12 + [0.0] * 8
    report = [1.0] * 6 + [0.0] * 14
    blank = [0.0] * 12 + [1.0] * 8
    samples = hand_made({"image": image, "report": report, "blank": blank})
    result = analyse_conditions(samples, accuracy_table(samples), adjust="holm")

    assert result.accuracy["condition"].tolist() == ["image", "blank", "report"]
    paired = result.paired.set_index("condition")
    assert set(paired["reference"]) == {"image"}
    raw = paired["mcnemar_p"].sort_values()
    assert paired.loc[raw.index[0], "mcnemar_p_adjusted"] == pytest.approx(min(1, 2 * raw.iloc[0]))


def test_a_model_run_under_one_condition_has_no_analysis() -> None:
    image = [1.0, 0.0, 1.0]
    samples = hand_made({"image": image})
    assert analyse_conditions(samples, accuracy_table(samples)).empty


def sees_the_image(call: Call) -> Any:
    """A model whose answer is right only when a real image reaches it (sent as a JPEG under
    `image_size=api`; a blank is a PNG)."""
    real = bool(call.images) and call.images[0].startswith("data:image/jpeg")
    return reply("EXPERT ANSWER." if real else "PLAIN ANSWER.")


def grade(call: Call) -> Any:
    return verdict(verdict="Correct" if "EXPERT" in call.answer else "Incorrect", explanation="s")


def test_the_report_sets_the_conditions_of_one_model_side_by_side(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    for imaging in ("image", "blank", "none"):
        run_task(
            bj_evals.diagnosis_generation, logs, sees_the_image, grade,
            source="demo", imaging=imaging, judge_repeats=1,
        )  # fmt: skip
    read = read_logs([logs])
    report = write_report(read, tmp_path / "report")
    if keep := os.environ.get("BJ_KEEP_REPORT"):
        shutil.copytree(tmp_path / "report", keep, dirs_exist_ok=True)

    results = (tmp_path / "report" / "results.md").read_text(encoding="utf-8")
    assert "## What the image adds" in results
    conditions = pd.read_csv(tmp_path / "report" / "conditions.csv")
    assert conditions["condition"].tolist() == ["image", "blank", "none"]
    assert conditions["n"].tolist() == [len(DEMO.cases)] * 3
    assert conditions["accuracy"].tolist() == [1.0, 0.0, 0.0]
    pairs = pd.read_csv(tmp_path / "report" / "condition_pairs.csv")
    assert pairs["reading"].tolist() == ["uses the image", "uses the image"]
    assert "| model (blank, judge_repeats=1) |" in report.accuracy
    assert "| model (none, judge_repeats=1) |" in report.accuracy
    figure = tmp_path / "report" / "what_the_image_adds.png"
    assert figure.is_file() and (tmp_path / "report" / "what_the_image_adds.pdf").is_file()
    with Image.open(figure) as image:
        assert image.size[0] == pytest.approx(85 / 25.4 * 300, abs=2)
