"""`bj-evals report` on logs of three scripted models: numbers, statistics and figures."""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from inspect_ai.log import read_eval_log
from PIL import Image
from scipy.stats import norm, rankdata
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar

from bj_evals.analysis import accuracy_table, compare_models, read_logs
from bj_evals.cli import main
from tests.analysis.conftest import DEMO, GOOD_SITES


def expected_accuracy(model: str, bj_task: str) -> float:
    if bj_task in ("I", "II", "III"):
        questions = [m for m in DEMO.mcqs if m.task == bj_task]
        order = {m.id: n for n, m in enumerate(DEMO.mcqs)}
        right = {"expert": len(questions), "novice": 0}.get(
            model, sum(order[m.id] % 2 == 0 for m in questions)
        )
        return right / len(questions)
    good = sum(case.site in GOOD_SITES for case in DEMO.cases) / len(DEMO.cases)
    if bj_task == "VIII":
        return {"expert": 1.0}.get(model, 0.0)
    return {"expert": 1.0, "median": good, "novice": 0.0}[model]


def per_case_scores(log_dir: Path) -> dict[tuple[str, str], dict[str, float]]:
    """Scores by sample id, read straight from the logs, independently of bj_evals.analysis."""
    scores: dict[tuple[str, str], dict[str, float]] = {}
    for path in sorted(log_dir.glob("*.eval")):
        log = read_eval_log(str(path))
        assert log.samples is not None
        key = (log.eval.metadata["bj_task"], log.eval.model.split("/")[1])  # type: ignore[index]
        values: dict[str, float] = {}
        for sample in log.samples:
            [score] = sample.scores.values()  # type: ignore[union-attr]
            value = score.value
            if isinstance(value, dict):
                values[str(sample.id)] = float(value.get("correct", value.get("detected", 0.0)))  # type: ignore[arg-type]
            else:
                values[str(sample.id)] = float(value == "C")
        scores[key] = values
    return scores


def kruskal_by_hand(groups: list[list[float]]) -> float:
    values = np.concatenate(groups)
    ranks = rankdata(values)
    n = len(values)
    h, start = 0.0, 0
    for group in groups:
        h += ranks[start : start + len(group)].sum() ** 2 / len(group)
        start += len(group)
    h = 12 / (n * (n + 1)) * h - 3 * (n + 1)
    _, ties = np.unique(values, return_counts=True)
    return float(h / (1 - (ties**3 - ties).sum() / (n**3 - n)))


def dunn_by_hand(groups: dict[str, list[float]]) -> dict[tuple[str, str], tuple[float, float]]:
    """Per pair: Dunn's z (tie-corrected) and its two-sided p, unadjusted."""
    values = np.concatenate(list(groups.values()))
    ranks = rankdata(values)
    n = len(values)
    _, ties = np.unique(values, return_counts=True)
    variance = n * (n + 1) / 12 - (ties**3 - ties).sum() / (12 * (n - 1))
    mean_rank, start = {}, 0
    for name, group in groups.items():
        mean_rank[name] = ranks[start : start + len(group)].mean()
        start += len(group)
    result = {}
    for a in groups:
        for b in groups:
            if a < b:
                z = (mean_rank[a] - mean_rank[b]) / np.sqrt(
                    variance * (1 / len(groups[a]) + 1 / len(groups[b]))
                )
                result[(a, b)] = (float(z), float(2 * norm.sf(abs(z))))
    return result


def test_accuracy_agrees_with_the_scripted_behaviour(three_model_logs: Path) -> None:
    table = accuracy_table(read_logs([three_model_logs]).samples)
    assert len(table) == 24
    for row in table.to_dict("records"):
        expected = expected_accuracy(str(row["model"]).split("/")[1], str(row["bj_task"]))
        assert row["accuracy"] == pytest.approx(expected)
        assert row["ci_low"] <= row["accuracy"] <= row["ci_high"]


def test_kruskal_wallis_and_dunn_agree_with_a_computation_by_hand(three_model_logs: Path) -> None:
    raw = per_case_scores(three_model_logs)
    comparisons = {c.bj_task: c for c in compare_models(read_logs([three_model_logs]).samples)}
    for bj_task in ("I", "III", "IV", "VIII"):
        groups = {m: list(raw[(bj_task, m)].values()) for m in ("expert", "median", "novice")}
        comparison = comparisons[bj_task]
        h = kruskal_by_hand(list(groups.values()))
        n = sum(len(g) for g in groups.values())
        assert comparison.statistic == pytest.approx(h)
        assert (comparison.df, comparison.n_total) == (2, n)
        assert comparison.epsilon_squared == pytest.approx(h / (n - 1))
        assert comparison.dunn is not None and comparison.pairwise is not None
        pairs = comparison.pairwise.set_index(["model_a", "model_b"])
        for (a, b), (z, p) in dunn_by_hand(groups).items():
            assert comparison.dunn.loc[a, b] == pytest.approx(min(1.0, 3 * p))
            assert pairs.loc[(a, b), "dunn_z"] == pytest.approx(z)
            assert pairs.loc[(a, b), "dunn_p_adjusted"] == pytest.approx(min(1.0, 3 * p))


def test_paired_tests_agree_with_statsmodels_on_per_case_correctness(
    three_model_logs: Path,
) -> None:
    raw = per_case_scores(three_model_logs)
    comparisons = {c.bj_task: c for c in compare_models(read_logs([three_model_logs]).samples)}
    models = ("expert", "median", "novice")
    for bj_task in ("I", "II", "III", "IV", "V"):
        ids = sorted(raw[(bj_task, "expert")])
        correct = np.array([[raw[(bj_task, m)][i] > 0.5 for m in models] for i in ids], dtype=int)
        comparison = comparisons[bj_task]
        assert comparison.n_shared == len(ids)
        if (correct.min(axis=1) == correct.max(axis=1)).all():
            assert comparison.cochran_q is None and "Q is undefined" in comparison.cochran_reason
        else:
            expected = cochrans_q(correct)
            assert comparison.cochran_q == pytest.approx(expected.statistic)
            assert comparison.cochran_p == pytest.approx(expected.pvalue)
        assert comparison.pairwise is not None
        pairs = comparison.pairwise.set_index(["model_a", "model_b"])
        for i, j in ((0, 1), (0, 2), (1, 2)):
            a, b = correct[:, i], correct[:, j]
            table = [[int((a & b).sum()), int((a & ~b.astype(bool)).sum())],
                     [int((~a.astype(bool) & b).sum()), int((~a.astype(bool) & ~b.astype(bool)).sum())]]  # fmt: skip
            p = mcnemar(table, exact=True).pvalue if table[0][1] + table[1][0] else 1.0
            row = pairs.loc[(models[i], models[j])]
            assert (row["mcnemar_a_only"], row["mcnemar_b_only"]) == (table[0][1], table[1][0])
            assert row["mcnemar_p"] == pytest.approx(p)
            assert row["mcnemar_p_adjusted"] == pytest.approx(min(1.0, 3 * p))
            scores_a = [raw[(bj_task, models[i])][k] for k in ids]
            scores_b = [raw[(bj_task, models[j])][k] for k in ids]
            assert row["difference"] == pytest.approx(np.mean(scores_a) - np.mean(scores_b))


def test_the_report_writes_tables_and_figures(three_model_logs: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    started = time.perf_counter()
    assert main(["report", str(three_model_logs), "-o", str(out)]) == 0
    assert time.perf_counter() - started < 120
    results = pd.read_csv(out / "results.csv")
    assert len(results) == 24 and {"ci_low", "ci_high", "unclear_rate", "unanimity"} <= set(
        results.columns
    )
    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert re.search(
        r"H\(2\) = [\d.]+, N = \d+, p (=|<) [\d.]+, epsilon squared = [\d.]+", markdown
    )
    assert re.search(r"Q\(2\) = [\d.]+, N = \d+ cases, p", markdown)
    assert "Dunn's pairwise tests and exact McNemar tests" in markdown
    assert "## By anatomical site" in markdown and "## By disease" in markdown
    assert not re.search(r"\bnan\b", markdown.lower())
    for name in ("accuracy_by_task", "mismatch_detection", "mcq_open_gap", "failure_profile"):
        with Image.open(out / f"{name}.png") as image:
            assert image.format == "PNG" and image.size[0] > 300
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    for name in ("tests.csv", "pairwise.csv", "by_site.csv", "by_disease.csv", "runs.csv"):
        assert not pd.read_csv(out / name).empty
    tests = pd.read_csv(out / "tests.csv")
    assert {
        "kruskal_h",
        "kruskal_df",
        "kruskal_n",
        "kruskal_p",
        "epsilon_squared",
        "cochran_q",
        "cochran_p",
    } <= set(tests.columns)


def test_unreadable_and_foreign_logs_are_named_not_raised(
    three_model_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    first = sorted(three_model_logs.glob("*.eval"))[0]
    (mixed / first.name).write_bytes(first.read_bytes())
    (mixed / "2026-01-01T00-00-00-00-00_broken_abc.eval").write_bytes(b"not a zip")
    assert main(["report", str(mixed), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "unreadable log" in err and "broken_abc.eval" in err
    assert "Traceback" not in err


def test_the_report_of_nothing_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path), "-o", str(tmp_path / "out")]) == 1
    assert "no finished B&J logs found" in capsys.readouterr().err
