"""The "What the image adds" section of results.md, its CSV files and its figure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bj_evals.analysis.conditions.figure import conditions_figure
from bj_evals.analysis.conditions.paired import CLOSE, ConditionAnalysis, analyse_conditions
from bj_evals.analysis.core.figure_style import save
from bj_evals.analysis.core.markdown import cell, interval, p_value, percent, table
from bj_evals.analysis.core.names import Names
from bj_evals.analysis.core.section import Section
from bj_evals.analysis.paper.sections import ADJUST_NAMES, records

FIGURE = "what_the_image_adds"


def write_conditions(
    samples: pd.DataFrame,
    accuracy: pd.DataFrame,
    out: Path,
    adjust: str = "bonferroni",
    names: Names | None = None,
    note: str = "",
) -> Section:
    """Analyse, write `conditions.csv`, `condition_pairs.csv` and the figure; the section's text."""
    analysis = analyse_conditions(samples, accuracy, adjust, names)
    if analysis.empty:
        return Section()
    files = [out / "conditions.csv", out / "condition_pairs.csv"]
    analysis.accuracy.to_csv(files[0], index=False)
    analysis.paired.to_csv(files[1], index=False)
    figure = save(conditions_figure(analysis.accuracy, note), out, FIGURE)[0]
    text = conditions_markdown(analysis, adjust) + f"\n\n![{FIGURE}]({figure.name}) ({FIGURE}.pdf)"
    return Section(text, files, [figure])


def conditions_markdown(analysis: ConditionAnalysis, adjust: str) -> str:
    """Accuracy per condition, the paired comparisons with the reference, and the findings."""
    header = ["task", "paper", "model", "condition", "n", "accuracy", "95% CI", "bootstrap 95% CI"]
    rows = [
        [r["task"], r["bj_task"], r["model"], r["condition"], r["n"], percent(r["accuracy"]),
         interval(r["ci_low"], r["ci_high"]), interval(r["boot_low"], r["boot_high"])]
        for r in records(analysis.accuracy)
    ]  # fmt: skip
    pair_header = [
        "paper", "model", "condition", "vs", "n shared", "difference", "95% CI", "lost",
        "gained", "flipped", "McNemar p" if adjust == "none" else "adjusted McNemar p", "reading",
    ]  # fmt: skip
    pairs = [
        [r["bj_task"], r["model"], r["condition"], r["reference"], r["n_shared"],
         _points(r.get("difference")), _points_interval(r.get("difference_low"), r.get("difference_high")),
         r.get("lost", ""), r.get("gained", ""), percent(r.get("flipped")),
         p_value(r["mcnemar_p_adjusted"]), r["reading"]]
        for r in records(analysis.paired)
    ]  # fmt: skip
    findings = "\n".join(f"- {cell(line)}" for line in analysis.findings)
    return "\n\n".join(
        part
        for part in (
            table(header, rows, right=(4, 5)),
            table(pair_header, pairs, right=(4, 5, 7, 8, 9, 10)),
            "Each condition against the reference (`vs`: the images, else the report) over the "
            "samples both runs scored: difference in accuracy (condition minus reference, "
            "percentage points) with a paired case-level bootstrap 95% interval; lost and "
            "gained: cases correct only under the reference, only under the condition (a "
            "judged case is correct when most of its verdicts were); flipped: their share; "
            f"exact McNemar p, {ADJUST_NAMES[adjust]} within each model and task. A model is "
            "*not using the image* when its accuracy with a blank image (or none) is not "
            f"significantly different from, and within {CLOSE * 100:.0f} points of, its "
            "accuracy with the images.",
            findings,
        )
        if part
    )


def _points(value: object) -> str:
    number = float(value) if value is not None else float("nan")  # type: ignore[arg-type]
    return "" if number != number else f"{100 * number:+.1f}"


def _points_interval(low: object, high: object) -> str:
    shown = (_points(low), _points(high))
    return f"{shown[0]} to {shown[1]}" if all(shown) else ""
