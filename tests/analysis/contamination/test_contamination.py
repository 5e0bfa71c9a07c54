"""The contamination section flags a model that memorised the published items, and no other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from inspect_ai import eval
from rouge_score.rouge_scorer import RougeScorer
from scipy.stats import fisher_exact, permutation_test
from statsmodels.stats.proportion import proportion_confint

from bj_evals.analysis.contamination.read import probe_samples
from bj_evals.analysis.contamination.section import write_contamination
from bj_evals.analysis.contamination.stats import (
    EVIDENCE,
    MIN_ITEMS,
    NO_EVIDENCE,
    NO_TEST,
    TOO_FEW,
    contamination_table,
    reading,
)
from bj_evals.analysis.core.logs import read_logs
from bj_evals.analysis.paper.sections import records
from bj_evals.data.records import load_benchmark
from bj_evals.importing.sources import load_source
from bj_evals.task_table import TASKS
from bj_evals.tasks.contamination import case_completion, option_guessing
from tests.helpers import Scripted
from tests.published import (
    GUESSED_HISTORY,
    GUESSED_OPTION,
    ITEMS,
    guess,
    memoriser,
    write_published,
)

PARTIAL = {f"pub-q{n}" for n in range(5)} | {f"pub-c{n}" for n in range(4)}
"""What the partial memoriser read of the published source."""
CONTROL_READ = {"kr-01", "ankle-01"}
"""The one control question and case the partial memoriser also read."""


@pytest.fixture(scope="module")
def probe_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("probes")
    published = load_benchmark(write_published(root / "published"))
    demo = load_source("demo")
    models: dict[str, Any] = {
        "mockllm/memoriser": memoriser([published]),
        "mockllm/guesser": guess_reply,
        "mockllm/control-only": memoriser([demo]),
        "mockllm/partial": memoriser([published, demo], only=PARTIAL | CONTROL_READ),
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INSPECT_CACHE_DIR", str(root / "cache"))
        for name, respond in models.items():
            logs = eval(
                [option_guessing(source=str(published.root)), case_completion(source=str(published.root))],
                model=Scripted(respond).model(name),
                log_dir=str(root / "logs"),
                display="none",
            )  # fmt: skip
            assert all(log.status == "success" for log in logs)
    return root / "logs"


def guess_reply(call: Any) -> Any:
    from tests.helpers import reply

    return reply(guess(call))


Rows = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture(scope="module")
def summary(probe_logs: Path) -> Rows:
    """The contamination table's rows by model and probe."""
    table = contamination_table(probe_samples(read_logs([probe_logs]).probes))
    return {(r["model"], r["probe"]): r for r in records(table)}


def test_a_model_that_memorised_the_published_items_is_flagged(summary: Rows) -> None:
    for probe in ("option_guessing", "case_completion"):
        row = summary[("mockllm/memoriser", probe)]
        assert row["published_matches"] == ITEMS and row["control_matches"] == 0
        assert row["reading"] == EVIDENCE


@pytest.mark.parametrize("model", ["mockllm/guesser", "mockllm/control-only"])
def test_a_guesser_or_a_model_that_memorised_only_the_control_is_not_flagged(
    summary: Rows, model: str
) -> None:
    for probe in ("option_guessing", "case_completion"):
        row = summary[(model, probe)]
        assert row["published_matches"] == 0
        assert row["reading"] == NO_EVIDENCE


def test_the_section_lists_the_items_reproduced(probe_logs: Path, tmp_path: Path) -> None:
    section = write_contamination(read_logs([probe_logs]).probes, tmp_path)
    text = "\n\n".join(section.sections)
    memoriser_part = text.split("### memoriser")[1].split("###")[0]
    assert f"Published items reproduced ({2 * ITEMS})" in memoriser_part
    assert all(
        f"pub-q{n}:" in memoriser_part and f"pub-c{n}:" in memoriser_part for n in range(ITEMS)
    )
    assert "No published item reproduced." in text.split("### guesser")[1].split("###")[0]
    matches = pd.read_csv(tmp_path / "contamination_matches.csv")
    partial = matches[matches["model"] == "mockllm/partial"]
    assert set(partial["item_id"]) == PARTIAL  # control items are never listed as reproduced
    assert EVIDENCE in text and NO_EVIDENCE in text


def test_each_statistic_agrees_with_scipy_on_the_scripted_counts(summary: Rows) -> None:
    rouge = RougeScorer(["rougeL"])
    demo = load_source("demo")
    row = summary[("mockllm/partial", "option_guessing")]
    published = load_benchmark(Path(row["source"]))
    n_control = sum(1 for q in demo.mcqs if q.image is None)
    assert (row["published_n"], row["published_matches"]) == (ITEMS, 5)
    assert (row["control_n"], row["control_matches"]) == (n_control, 1)
    low, high = proportion_confint(5, ITEMS, alpha=0.05, method="wilson")
    assert (row["published_rate_low"], row["published_rate_high"]) == pytest.approx((low, high))
    expected = fisher_exact([[5, ITEMS - 5], [1, n_control - 1]], alternative="greater").pvalue
    assert row["fisher_p"] == pytest.approx(expected)
    # the overlaps the scripted replies must get: 1 where read, the guess's ROUGE-L elsewhere
    samples = pd.DataFrame(probe_samples([str(row["log"])]))
    by_id = samples.set_index("id")

    def overlaps(side: str) -> np.ndarray:
        own = by_id[by_id["probe_set"] == side]
        return np.array(
            [1.0 if item in PARTIAL | CONTROL_READ
             else rouge.score(target, GUESSED_OPTION)["rougeL"].fmeasure
             for item, target in zip(own["item_id"], own["target"], strict=True)]
        )  # fmt: skip

    pub, ctl = overlaps("published"), overlaps("control")
    assert row["published_overlap"] == pytest.approx(pub.mean())
    assert row["control_overlap"] == pytest.approx(ctl.mean())
    permuted = permutation_test(
        (pub, ctl), lambda x, y, axis: x.mean(axis) - y.mean(axis), vectorized=True,
        permutation_type="independent", alternative="greater", n_resamples=9999,
        random_state=np.random.default_rng(20251227),
    )  # fmt: skip
    assert row["overlap_p"] == pytest.approx(permuted.pvalue)
    assert len(published.mcqs) == ITEMS


def test_case_completion_counts_a_near_verbatim_continuation_as_a_match(
    summary: Rows,
) -> None:
    row = summary[("mockllm/partial", "case_completion")]
    assert (row["published_matches"], row["control_matches"]) == (4, 1)
    guessed = summary[("mockllm/guesser", "case_completion")]
    assert guessed["published_overlap"] < 0.5 and GUESSED_HISTORY


@pytest.mark.parametrize(
    ("n_published", "n_control", "p", "expected"),
    [
        (MIN_ITEMS - 1, 50, 0.0, TOO_FEW),
        (50, MIN_ITEMS - 1, 0.0, TOO_FEW),
        (MIN_ITEMS, MIN_ITEMS, 0.02, EVIDENCE),
        (MIN_ITEMS, MIN_ITEMS, 0.03, NO_EVIDENCE),  # above 0.05 over two tests
    ],
)
def test_the_reading_names_its_threshold(
    n_published: int, n_control: int, p: float, expected: str
) -> None:
    assert reading(n_published, n_control, p, 1.0) == expected
    assert reading(n_published, n_control, 1.0, p) == expected


def test_probe_logs_stay_out_of_the_papers_tables(probe_logs: Path) -> None:
    logs = read_logs([probe_logs])
    assert logs.runs == [] and logs.samples.empty and logs.skipped == []
    assert len(logs.probes) == 8


def test_bj_evals_report_over_probe_logs_alone_gives_the_section(
    probe_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bj_evals.cli import main

    assert main(["report", str(probe_logs), "--out", str(tmp_path / "report")]) == 0
    results = (tmp_path / "report" / "results.md").read_text(encoding="utf-8")
    assert "## Contamination probes" in results
    assert "### memoriser" in results and "### partial" in results
    assert (tmp_path / "report" / "contamination.csv").exists()


def test_the_full_report_adds_the_section_after_the_papers_tables(
    probe_logs: Path, three_model_logs: Path, tmp_path: Path
) -> None:
    from bj_evals.analysis.report import write_report

    logs = read_logs([probe_logs, three_model_logs])
    assert {run.task for run in logs.runs} == {t.name for t in TASKS}
    report = write_report(logs, tmp_path)
    results = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert results.index("## Accuracy") < results.index("## Contamination probes")
    assert "memoriser" not in report.accuracy
    assert tmp_path / "contamination.csv" in report.files


def test_a_run_whose_control_is_its_source_tests_nothing(tmp_path: Path) -> None:
    demo = load_source("demo")
    eval(
        option_guessing(source="demo"),
        model=Scripted(memoriser([demo])).model("mockllm/memoriser"),
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    [row] = records(contamination_table(probe_samples(read_logs([tmp_path / "logs"]).probes)))
    assert row["published_matches"] == row["control_matches"] == row["published_n"]
    assert row["reading"] == NO_TEST


@pytest.mark.slow
def test_inspect_eval_runs_the_probes_offline_and_bj_evals_report_reads_them(
    tmp_path: Path,
) -> None:
    bin_dir = Path(sys.executable).parent
    published = write_published(tmp_path / "published")
    for source in ("demo", str(published)):
        result = subprocess.run(
            [str(bin_dir / "inspect"), "eval", "bj_evals/option_guessing",
             "bj_evals/case_completion", "--model", "chance/uniform", "-T", f"source={source}",
             "--log-dir", str(tmp_path / "logs"), "--display", "plain"],
            cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
    report = subprocess.run(
        [str(bin_dir / "bj-evals"), "report", str(tmp_path / "logs"), "-o", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr[-2000:]
    results = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert results.count("| option_guessing |") == 2 and results.count("| case_completion |") == 2
    assert NO_TEST in results and NO_EVIDENCE in results
