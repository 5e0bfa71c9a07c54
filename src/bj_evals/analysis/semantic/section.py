"""The "Semantic fidelity" section of results.md: F1 beside accuracy, agreement, disagreements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from bj_evals.analysis.core.figure_style import save
from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.markdown import number, percent, table
from bj_evals.analysis.core.names import Names, row_labels
from bj_evals.analysis.core.section import Section
from bj_evals.analysis.semantic.agreement import agreement_table, disagreement, f1_table
from bj_evals.analysis.semantic.answers import semantic_answers
from bj_evals.analysis.semantic.figure import f1_by_verdict_figure

LISTED = 10
"""Answers listed per task where F1 and the judge disagree most."""


def write_semantic(logs: LogSet, out: Path, names: Names | None = None, note: str = "") -> Section:
    """Write `semantic_f1.csv`, `semantic_agreement.csv`, `semantic_disagreements.csv` and a figure per encoder."""
    answers = semantic_answers(logs)
    if answers.empty:
        return Section()
    answers = disagreement(answers.assign(label=row_labels(answers, names)))
    f1, agreement = f1_table(answers), agreement_table(answers)
    ranked = answers.sort_values("disagreement", ascending=False, kind="stable")
    worst = ranked.groupby(["encoder", "bj_task"], sort=False).head(LISTED)
    files = [out / f"semantic_{name}.csv" for name in ("f1", "agreement", "disagreements")]
    for frame, path in zip((f1, agreement, ranked), files, strict=True):
        frame.to_csv(path, index=False)
    parts, figures = [], []
    for n, (encoder, own) in enumerate(answers.groupby("encoder", sort=False), 1):
        stem = "semantic_f1_by_verdict" + (f"_{n}" if answers["encoder"].nunique() > 1 else "")
        figures.append(save(f1_by_verdict_figure(own, str(encoder), note), out, stem)[0])
        parts += [
            f"### Encoder {encoder}",
            "Mean BERTScore F1 (95% case-bootstrap interval) beside the judge's accuracy:",
            f1_markdown(f1[f1["encoder"] == encoder]),
            "Agreement with the judge (95% case-bootstrap intervals):",
            agreement_markdown(agreement[agreement["encoder"] == encoder]),
            f"Where they disagree most (F1 rank among the task's answers far from the judge's "
            f"value; all in `{files[2].name}`, and in `bj-evals export`):",
            disagreements_markdown(worst[worst["encoder"] == encoder]),
            f"![{stem}]({figures[-1].name}) ({stem}.pdf)",
        ]
    intro = (
        "BERTScore of each answer against the expert answer (`-T semantic`), a grader-free "
        "reading of tasks IV-VII. Scores from different encoders are never compared: each "
        "encoder has its own tables. F1 is raw (no baseline rescaling): read it against other "
        "answers scored with the same encoder."
    )
    return Section("\n\n".join([intro, *parts]), files, figures)


def f1_markdown(f1: pd.DataFrame) -> str:
    """Mean F1 and accuracy per task and row."""
    rows = [
        (r["bj_task"], r["label"], r["n"], number(r["mean_f1"], 3), _span(r["f1_low"], r["f1_high"], 3), percent(r["accuracy"]))
        for r in _rows(f1)
    ]  # fmt: skip
    return table(["task", "model", "n", "mean F1", "95% CI", "judge accuracy"], rows, right=(2, 3, 4, 5))  # fmt: skip


def agreement_markdown(agreement: pd.DataFrame) -> str:
    """Spearman, point-biserial and AUC per task, with intervals."""
    rows = [
        (r["bj_task"], r["n"], f"{r['n_correct']} / {r['n_incorrect']}",
         number(r["spearman"]), _span(r["spearman_low"], r["spearman_high"]),
         number(r["point_biserial"]), _span(r["point_biserial_low"], r["point_biserial_high"]),
         number(r["auc"]), _span(r["auc_low"], r["auc_high"]))
        for r in _rows(agreement)
    ]  # fmt: skip
    header = ["task", "n", "Correct / Incorrect", "Spearman rho", "95% CI",
              "point-biserial r", "95% CI", "AUC", "95% CI"]  # fmt: skip
    undefined = agreement[["spearman", "point_biserial", "auc"]].isna().to_numpy().any()
    return table(header, rows, right=range(1, 9)) + (BLANK_AGREEMENT if undefined else "")


BLANK_AGREEMENT = (
    "\n\nA blank cell cannot be computed: Spearman's rho where every answer has the same "
    "F1 or the same judge's value, the point-biserial r and the AUC where no answer was "
    "judged Correct or none Incorrect; an interval also where there are too few cases to "
    "resample, or where most resamples leave the statistic undefined."
)


def disagreements_markdown(worst: pd.DataFrame) -> str:
    """The listed answers: which, their F1, rank, the judge's value and verdict."""
    rows = [
        (r["bj_task"], r["label"], r["id"], number(r["semantic_f1"], 3), number(r["f1_rank"]),
         percent(r["judge"], 0), r["verdict"], number(r["disagreement"]))
        for r in _rows(worst)
    ]  # fmt: skip
    header = ["task", "model", "sample", "F1", "F1 rank", "judge value", "verdict", "distance"]
    return table(header, rows, right=(3, 4, 5, 7))


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _span(low: float, high: float, digits: int = 2) -> str:
    shown = (number(low, digits), number(high, digits))
    return f"{shown[0]} to {shown[1]}" if all(shown) else ""
