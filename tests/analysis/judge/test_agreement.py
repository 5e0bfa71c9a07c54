"""Judge against physicians: Cohen's kappa, agreement, confusion, and Fleiss among repeats."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from inspect_ai import eval
from statsmodels.stats.inter_rater import cohens_kappa

from bj_evals import diagnosis_generation
from bj_evals.analysis import agreement, majority, read_labels, read_logs
from bj_evals.cli import main
from bj_evals.errors import BJEvalsError
from tests.helpers import Call, Scripted, reply, verdict

# per case id: the judge's three repeats
REPEATS = {
    "knee-1": ["Correct", "Correct", "Correct"],
    "knee-2": ["Correct", "Incorrect", "Correct"],
    "shoulder-1": ["Incorrect", "Incorrect", "Incorrect"],
    "shoulder-2": ["Unclear", "Incorrect", "Incorrect"],
    "hip-1": ["Correct", "Incorrect", "Unclear"],
    "hip-2": ["Incorrect", "Incorrect", "Correct"],
}
HUMAN = {"knee-1": "Correct", "knee-2": "Incorrect", "shoulder-1": "Incorrect",
         "shoulder-2": "Incorrect", "hip-1": "Unclear", "hip-2": "Incorrect"}  # fmt: skip


def judge(call: Call) -> object:
    if call.is_format_check:
        return verdict(verdict="Correct", explanation="format check")
    case = next(c for c in REPEATS if f"case {c}." in call.text)
    return verdict(verdict=REPEATS[case][call.repeat], explanation="scripted")


@pytest.fixture
def judged_logs(dataset: Path, tmp_path: Path) -> Path:
    eval(
        diagnosis_generation,
        task_args={"source": str(dataset)},
        model=Scripted(lambda call: reply("An answer.")).model(),
        model_roles={"grader": Scripted(judge).model()},  # type: ignore[arg-type]
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    return tmp_path / "logs"


def labels_file(tmp_path: Path, rows: dict[str, str]) -> Path:
    path = tmp_path / "labels.csv"
    path.write_text(
        "id,verdict\n" + "".join(f"{k},{v}\n" for k, v in rows.items()), encoding="utf-8"
    )
    return path


def cohen_by_hand(a: list[str], b: list[str]) -> float:
    categories = sorted(set(a) | set(b))
    observed = np.mean([x == y for x, y in zip(a, b, strict=True)])
    expected = sum(a.count(c) / len(a) * b.count(c) / len(b) for c in categories)
    return float((observed - expected) / (1 - expected))


def fleiss_by_hand(rows: list[list[str]]) -> float:
    table = np.array([[r.count(c) for c in ("Correct", "Incorrect", "Unclear")] for r in rows])
    raters = table.sum(axis=1)[0]
    p_item = ((table**2).sum(axis=1) - raters) / (raters * (raters - 1))
    p_category = table.sum(axis=0) / table.sum()
    chance = (p_category**2).sum()
    return float((p_item.mean() - chance) / (1 - chance))


def test_majority_needs_more_than_a_tie() -> None:
    assert majority(["Correct", "Incorrect", "Correct"]) == "Correct"
    assert majority(["Correct", "Incorrect", "Unclear"]) == "Unclear"


def test_a_failed_grader_call_is_not_a_verdict_in_the_majority() -> None:
    assert majority(["Incorrect", None, None]) == "Incorrect"
    assert majority(["Correct", "Incorrect", None]) == "Unclear"


def test_kappa_and_agreement_match_a_computation_by_hand(judged_logs: Path, tmp_path: Path) -> None:
    result = agreement(read_logs([judged_logs]), read_labels(labels_file(tmp_path, HUMAN)))
    judge_majority = [majority(REPEATS[case]) for case in HUMAN]
    human = list(HUMAN.values())
    assert result.n == 6 and result.unmatched == []
    assert result.cohen_kappa == pytest.approx(cohen_by_hand(human, judge_majority))
    assert result.percent_agreement == pytest.approx(5 / 6)
    assert result.fleiss_kappa == pytest.approx(fleiss_by_hand(list(REPEATS.values())))
    assert result.confusion.loc["Incorrect", "Correct"] == 1
    assert int(result.confusion.to_numpy().sum()) == 6


def test_labels_without_a_judged_sample_are_listed(
    judged_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = labels_file(tmp_path, HUMAN | {"elbow-9": "Correct"})
    assert main(["agreement", str(judged_logs), "--human", str(labels)]) == 0
    out = capsys.readouterr().out
    assert "items compared: 6" in out and "label without a judged sample: elbow-9" in out
    assert "Cohen's kappa (judge majority vs human):" in out


def test_a_bad_label_is_named_by_row(tmp_path: Path) -> None:
    with pytest.raises(BJEvalsError, match=r"labels.csv:3: verdict: 'Maybe' is not one of"):
        read_labels(labels_file(tmp_path, {"a": "Correct", "b": "Maybe"}))


def confusion_by_hand(human: list[str], judge: list[str]) -> np.ndarray:
    verdicts = ("Correct", "Incorrect", "Unclear")
    return np.array(
        [[sum(h == a and j == b for h, j in zip(human, judge, strict=True)) for b in verdicts]
         for a in verdicts]
    )  # fmt: skip


def test_kappa_comes_with_its_95_percent_interval(judged_logs: Path, tmp_path: Path) -> None:
    result = agreement(read_logs([judged_logs]), read_labels(labels_file(tmp_path, HUMAN)))
    judge = [majority(REPEATS[case]) for case in HUMAN]
    expected = cohens_kappa(confusion_by_hand(list(HUMAN.values()), judge))
    assert result.cohen_kappa == pytest.approx(expected.kappa)
    assert (result.kappa_low, result.kappa_high) == pytest.approx(
        (expected.kappa_low, expected.kappa_upp)
    )
    assert result.kappa_low < result.cohen_kappa < result.kappa_high  # type: ignore[operator]


def test_an_undefined_or_capped_kappa_says_why_without_stray_warnings(
    judged_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = {"shoulder-1": "Incorrect", "shoulder-2": "Incorrect", "hip-2": "Incorrect"}
    one_sided = {case: "Incorrect" for case in HUMAN}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert (
            main(["agreement", str(judged_logs), "--human", str(labels_file(tmp_path, same))]) == 0
        )
        out = capsys.readouterr().out
        assert (
            "Cohen's kappa (judge majority vs human): undefined: judge and humans said "
            "Incorrect every time" in out
        )
        assert (
            main(["agreement", str(judged_logs), "--human", str(labels_file(tmp_path, one_sided))])
            == 0
        )
        out = capsys.readouterr().out
        assert "the humans gave one verdict only (Incorrect): kappa cannot exceed 0" in out
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]


def fill_human_column(sheet: pd.DataFrame) -> pd.DataFrame:
    judged = sheet["paper_task"] == "IV"
    sheet.loc[judged, "human_verdict"] = sheet.loc[judged, "id"].map(HUMAN)
    return sheet


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_exported_sheet_filled_in_is_read_back_by_agreement(
    judged_logs: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / f"answers{suffix}"
    assert main(["export", str(judged_logs), "-o", str(sheet)]) == 0
    read = pd.read_csv if suffix == ".csv" else pd.read_excel
    filled = fill_human_column(read(sheet, dtype=str, keep_default_na=False))
    assert set(filled.loc[filled["paper_task"] != "IV", "human_verdict"]) <= {""}
    labelled = tmp_path / f"labelled{suffix}"
    if suffix == ".csv":
        filled.to_csv(labelled, index=False)
    else:
        filled.to_excel(labelled, index=False)
    capsys.readouterr()
    assert main(["agreement", str(judged_logs), "--human", str(labelled)]) == 0
    out = capsys.readouterr().out
    judge = [majority(REPEATS[case]) for case in HUMAN]
    kappa = cohen_by_hand(list(HUMAN.values()), judge)
    assert (
        "items compared: 6" in out
        and f"Cohen's kappa (judge majority vs human): {kappa:.3f}" in out
    )
    assert "label without a judged sample" not in out


def test_the_plain_label_csv_still_works_beside_the_sheet(
    judged_logs: Path, tmp_path: Path
) -> None:
    labels = read_labels(labels_file(tmp_path, HUMAN))
    assert list(labels.columns) == ["id", "verdict"]
    assert agreement(read_logs([judged_logs]), labels).n == 6
