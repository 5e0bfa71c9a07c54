"""Thresholds met exactly (the image's part, the flags), and a p-value named as adjusted."""

from __future__ import annotations

import pandas as pd

from bj_evals.analysis import accuracy_table
from bj_evals.analysis.conditions.paired import analyse_conditions
from bj_evals.analysis.conditions.section import conditions_markdown
from bj_evals.analysis.paper.sections import flags
from tests.analysis.conditions.test_conditions import analysed, hand_made


def test_a_drop_of_exactly_5_points_with_a_blank_image_is_within_the_threshold() -> None:
    result = analysed({"image": [1.0] * 20, "blank": [1.0] * 19 + [0.0]})  # 100% -> 95%, p = 1

    [row] = result.paired.to_dict("records")
    assert row["mcnemar_p"] == 1.0 and row["reading"] == "not using the image"
    [finding] = result.findings
    assert "95.0% with a blank image against 100.0% with the images" in finding


def test_the_sentence_names_the_p_value_adjusted_when_it_is() -> None:
    image = [1.0] * 18 + [0.0] * 2
    samples = hand_made({"image": image, "none": [0.0] * 20, "blank": [0.0] * 20})
    result = analyse_conditions(samples, accuracy_table(samples), adjust="bonferroni")

    paired = result.paired.set_index("condition")
    raw, adjusted = paired.loc["none", "mcnemar_p"], paired.loc["none", "mcnemar_p_adjusted"]
    assert adjusted == min(1.0, 2 * raw) != raw
    finding = next(line for line in result.findings if "with no imaging" in line)
    assert f"McNemar p = {adjusted:.3g}, Bonferroni-adjusted;" in finding
    assert "adjusted McNemar p" in conditions_markdown(result, "bonferroni")

    plain = analyse_conditions(samples, accuracy_table(samples), adjust="none")
    finding = next(line for line in plain.findings if "with no imaging" in line)
    assert f"McNemar p = {raw:.3g}, unadjusted;" in finding


def test_a_share_of_failed_grader_calls_exactly_at_the_flag_threshold_is_not_flagged() -> None:
    at = (0.1 + 0.2) / 2  # 0.15000000000000002: the mean of two runs' shares, at 15%
    row = {"bj_task": "IV", "task": "t", "label": "m", "samples": 20, "errored": 3,
           "grader_failed": at, "unscored": 0}  # fmt: skip
    assert flags(pd.DataFrame([row]), 0.15) == []
    assert len(flags(pd.DataFrame([row | {"errored": 4, "grader_failed": 0.151}]), 0.15)) == 2
