"""`bj-evals report`: results.md, results.csv and the figures, from a set of logs."""

from __future__ import annotations

import math
from pathlib import Path
from typing import cast

import pandas as pd

from bj_evals.analysis.figures import write_figures
from bj_evals.analysis.logs import STAND_INS, LogSet
from bj_evals.analysis.stats import (
    ALPHA,
    Comparison,
    Interval,
    accuracy_table,
    breakdown,
    compare_models,
)

INTERVAL_NAMES = {
    "wilson": "Wilson score",
    "clopper-pearson": "Clopper-Pearson",
    "agresti-coull": "Agresti-Coull",
}


def write_report(
    logs: LogSet, out: Path, ci: Interval = "wilson", adjust: str = "bonferroni"
) -> str:
    """Write the report into `out` and return its accuracy table as markdown."""
    out.mkdir(parents=True, exist_ok=True)
    table = accuracy_table(logs.samples, ci)
    table.to_csv(out / "results.csv", index=False)
    figures = write_figures(table, out)
    accuracy = accuracy_markdown(table)
    sections = [
        "# B&J results",
        f"{len(table)} runs, {len(logs.samples)} scored samples. Accuracy with {INTERVAL_NAMES[ci]} "
        f"95% intervals; Kruskal-Wallis across models with Dunn's test, {adjust}-adjusted p-values.",
        "## Accuracy",
        accuracy,
        "## Differences between models",
        _comparisons_markdown(compare_models(logs.samples, adjust)),
        "## By anatomical site",
        _percent_markdown(_pivot(breakdown(logs.samples, "site"), ["bj_task", "model"], "site")),
        "## By disease",
        _percent_markdown(
            _pivot(breakdown(logs.samples, "disease"), ["bj_task", "disease"], "model")
        ),
        "## Figures",
        "\n".join(f"![{path.stem}]({path.name})" for path in figures) or "No figure has data.",
    ]
    (out / "results.md").write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    return accuracy


def accuracy_markdown(table: pd.DataFrame) -> str:
    """The accuracy table as markdown, with a note when stand-ins produced it."""
    lines = [
        "| task | | model | n | accuracy | 95% CI | unclear | unanimity | text-driven | grader |",
        "| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for row in table.itertuples():
        lines.append(
            f"| {row.task} | {row.bj_task} | {row.model} | {row.n} | {_percent(row.accuracy)} | "
            f"{_percent(row.ci_low)}-{_percent(row.ci_high)} | {_percent(row.unclear_rate)} | "
            f"{_percent(row.unanimity)} | {_percent(row.text_driven_rate)} | {row.grader} |"
        )
    names = set(table["model"]) | set(table["grader"])
    if any(str(name).startswith(STAND_INS) for name in names):
        lines.append(
            "\nchance/ is the chance-level baseline and keyword/ a keyword stand-in grader: "
            "offline stand-ins, not models. Their scores are a floor to compare models against."
        )
    return "\n".join(lines)


def _comparisons_markdown(comparisons: list[Comparison]) -> str:
    if not comparisons:
        return "No task was run by two or more models."
    parts = []
    for c in comparisons:
        if c.statistic is None or c.p_value is None or c.dunn is None:
            parts.append(f"**Task {c.bj_task}** ({len(c.models)} models): {c.reason}.")
            continue
        verdict = "the models differ" if c.significant else "no difference shown"
        parts.append(
            f"**Task {c.bj_task}** ({len(c.models)} models): Kruskal-Wallis H = {c.statistic:.2f}, "
            f"p = {c.p_value:.3g} ({verdict} at p < {ALPHA}). Dunn's pairwise p-values "
            f"(* p < {ALPHA}):\n\n" + _dunn_markdown(c.dunn)
        )
    return "\n\n".join(parts)


def _dunn_markdown(dunn: pd.DataFrame) -> str:
    models = [str(model) for model in dunn.columns]
    lines = ["| | " + " | ".join(models) + " |", "| --- |" + " ---: |" * len(models)]
    for a, row in zip(models, dunn.to_numpy(dtype=float), strict=True):
        cells = [
            "" if a == b else f"{p:.3g}{'*' if p < ALPHA else ''}"
            for b, p in zip(models, row, strict=True)
        ]
        lines.append(f"| {a} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _pivot(long: pd.DataFrame, rows: list[str], columns: str) -> pd.DataFrame:
    if long.empty:
        return long
    wide = pd.DataFrame(
        long.pivot_table(index=rows, columns=columns, values="accuracy", sort=False)
    )
    return cast(pd.DataFrame, wide.reset_index())


def _percent_markdown(table: pd.DataFrame) -> str:
    if table.empty:
        return "No samples carry this information."
    columns = list(table.columns)
    lines = ["| " + " | ".join(map(str, columns)) + " |", "|" + " --- |" * len(columns)]
    for row in table.itertuples(index=False):
        cells = [v if isinstance(v, str) else _percent(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _percent(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):.1%}"  # type: ignore[arg-type]
