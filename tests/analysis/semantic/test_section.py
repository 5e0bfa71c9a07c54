"""The report and the export with and without semantic scores, from real runs."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from inspect_ai import eval

from bj_evals import diagnosis_generation
from bj_evals.analysis.core.logs import read_logs
from bj_evals.analysis.judge.export import columns, export_answers
from bj_evals.analysis.report import write_report
from bj_evals.cli import main
from tests.analysis.conftest import grade, median
from tests.helpers import Scripted
from tests.scorers.tiny_encoder import tiny_encoder


def run(log_dir: Path, model: str, encoder: Path | None) -> None:
    args = {"source": "demo"} | ({"semantic": str(encoder)} if encoder else {})
    [log] = eval(diagnosis_generation, task_args=args, model=Scripted(median).model(model),
                 model_roles={"grader": Scripted(grade).model()}, log_dir=str(log_dir), display="none")  # fmt: skip
    assert log.status == "success", log.error


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("semantic")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BJ_EVALS_CACHE", str(root / "bj-cache"))
        patch.setenv("INSPECT_CACHE_DIR", str(root / "cache"))
        run(root / "plain", "mockllm/a", None)
        run(root / "semantic", "mockllm/a", tiny_encoder(root / "enc-1"))
        run(root / "semantic", "mockllm/b", tiny_encoder(root / "enc-2", seed=1))
    return root


def test_the_report_shows_f1_agreement_disagreements_and_the_figure_per_encoder(
    logs: Path, tmp_path: Path
) -> None:
    report = write_report(read_logs([logs / "semantic"]), tmp_path)
    text = (tmp_path / "results.md").read_text(encoding="utf-8")
    section = text.split("## Semantic fidelity")[1].split("\n## ")[0]
    assert section.count("### Encoder ") == 2  # two encoders, never one pooled table
    assert "mean F1" in section and "Spearman rho" in section and "AUC" in section
    names = {path.name for path in report.files}
    assert {"semantic_f1.csv", "semantic_agreement.csv", "semantic_disagreements.csv"} <= names
    assert {"semantic_f1_by_verdict_1.png", "semantic_f1_by_verdict_2.png"} <= names
    f1 = pd.read_csv(tmp_path / "semantic_f1.csv")
    assert sorted(f1["n"]) == [16, 16]


def test_the_semantic_run_reports_the_judge_as_the_plain_run_does(
    logs: Path, tmp_path: Path
) -> None:
    plain = write_report(read_logs([logs / "plain"]), tmp_path / "plain")
    with_semantic = read_logs([logs / "semantic"])
    with_semantic.runs = [r for r in with_semantic.runs if r.model == "mockllm/a"]
    with_semantic.samples = with_semantic.samples[with_semantic.samples["model"] == "mockllm/a"]
    semantic = write_report(with_semantic, tmp_path / "semantic")
    assert semantic.accuracy == plain.accuracy
    assert "Semantic fidelity" not in (tmp_path / "plain" / "results.md").read_text("utf-8")
    assert not any(p.name.startswith("semantic") for p in plain.files)


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_export_adds_f1_its_rank_and_the_disagreement_only_when_scored(
    logs: Path, tmp_path: Path
) -> None:
    plain = read_logs([logs / "plain"], samples=False)
    export_answers(plain, tmp_path / "plain.csv")
    assert header(tmp_path / "plain.csv") == columns(plain.runs)
    assert main(["export", str(logs / "semantic"), "-o", str(tmp_path / "semantic.csv")]) == 0
    sheet = pd.read_csv(tmp_path / "semantic.csv")
    assert list(sheet.columns[-4:]) == ["semantic_f1", "semantic_f1_rank", "semantic_disagreement", "human_verdict"]  # fmt: skip
    assert sheet["semantic_f1"].notna().all() and sheet["semantic_f1_rank"].between(0, 1).all()
