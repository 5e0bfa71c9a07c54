"""The image's part at its edges: a threshold met exactly, and a p-value named as adjusted."""

from __future__ import annotations

from bj_evals.analysis import accuracy_table
from bj_evals.analysis.conditions.paired import analyse_conditions
from bj_evals.analysis.conditions.section import conditions_markdown
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
