"""The sections of results.md: each a function of the tables, in Markdown a journal can copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from bj_evals.analysis.core.intervals import ALPHA, TOLERANCE
from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.markdown import (
    cell,
    interval,
    number,
    p_equals,
    p_value,
    percent,
    table,
)
from bj_evals.analysis.core.names import STAND_INS
from bj_evals.analysis.core.revisions import shown_revision
from bj_evals.analysis.paper.compare import MAJORITY, Comparison

FLAG = "⚠"
ADJUST_NAMES = {
    "bonferroni": "Bonferroni-adjusted",
    "holm": "Holm-adjusted",
    "sidak": "Sidak-adjusted",
    "fdr_bh": "adjusted for the Benjamini-Hochberg false discovery rate",
    "none": "unadjusted",
}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a table as dicts (pandas types its rows loosely)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def flags(accuracy: pd.DataFrame, threshold: float) -> list[str]:
    """One line per row whose errored samples or grader failures exceed `threshold`."""
    lines = []
    for row in records(accuracy):
        where = f"{row['bj_task']} {row['task']}, {row['label']}"
        if row["samples"] and row["errored"] / row["samples"] > threshold + TOLERANCE:
            lines.append(
                f"{where}: {row['errored']} of {row['samples']} samples errored "
                f"({row['errored'] / row['samples']:.1%}); they are not in n"
            )
        failed = row["grader_failed"]
        if failed == failed and failed > threshold + TOLERANCE:  # NaN for tasks without a grader
            unscored = f"; {row['unscored']} samples left unscored" if row["unscored"] else ""
            lines.append(
                f"{where}: the grader gave no verdict on {failed:.1%} of its calls{unscored}"
            )
    return lines


def accuracy_markdown(accuracy: pd.DataFrame, threshold: float = 0.05) -> str:
    """The accuracy table, losses beside n, with a note when stand-ins produced it."""
    header = [
        "task", "paper", "model", "n", "accuracy", "95% CI", "bootstrap 95% CI", "unclear",
        "unanimity", "text-driven", "errored", "grader failed", "grader",
    ]  # fmt: skip
    rows = []
    for row in records(accuracy):
        errored = f"{row['errored']}" if row["errored"] else "0"
        if row["samples"] and row["errored"] / row["samples"] > threshold + TOLERANCE:
            errored = f"{FLAG} {row['errored']} of {row['samples']}"
        failed = percent(row["grader_failed"])
        if failed and row["grader_failed"] > 0:
            unscored = f", {row['unscored']} unscored" if row["unscored"] else ""
            failed = f"{FLAG} {failed}{unscored}"
        rows.append(
            [
                row['task'], row['bj_task'], row['label'], row['n'],
                percent(row['accuracy']) if row['n'] else "no score",
                interval(row['ci_low'], row['ci_high']), interval(row['boot_low'], row['boot_high']),
                percent(row['unclear_rate']), percent(row['unanimity']), percent(row['text_driven_rate']),
                errored, failed, row['grader'],
            ]
        )  # fmt: skip
    lines = [table(header, rows, right=(3, 4, 7, 8, 9, 10, 11))]
    lines.append(
        "\nn: scored samples, the denominator of accuracy; errored samples (no answer) and "
        "samples no grader call gave a verdict on are counted apart, never as wrong. 95% CI: "
        "Wilson-type binomial interval on the count (the paper's). Bootstrap 95% CI (judged "
        "tasks): case-level BCa bootstrap of the mean score, which respects averaged verdicts "
        "(0, 1/3, 2/3, 1); where every case scores the same it is the Wilson interval."
    )
    names = set(accuracy["model_id"]) | set(accuracy["grader"])
    if any(str(name).startswith(STAND_INS) or ", keyword/" in str(name) for name in names):
        lines.append(
            "\nchance/ is the chance-level baseline and keyword/ a keyword stand-in grader: "
            "offline stand-ins, not models. Their scores are a floor to compare models against."
        )
    return "\n".join(lines)


def runs_markdown(logs: LogSet) -> str:
    """Which logs the report used, and which it set aside and why."""
    used = [
        [run.bj_task, run.task, run.model, logs.conditions.get(run.file, ""), run.source,
         shown_revision(run), f"{len(run.sample_ids)} of {run.dataset_size}", run.created[:19],
         Path(run.file).name]
        for run in logs.runs
    ]  # fmt: skip
    heads = ["paper", "task", "model", "condition", "data source", "revision", "samples"]
    parts = [
        f"Used {len(used)} logs, one per task, model and configuration:",
        table([*heads, "created", "log"], used, right=(6,)),
    ]
    if logs.set_aside:
        parts.append(f"Set aside {len(logs.set_aside)} logs:")
        parts.append(
            "\n".join(
                f"- {cell(Path(a.file).name)} ({cell(a.task)}, {cell(a.model)}): {cell(a.reason)}"
                for a in logs.set_aside
            )
        )
    if logs.skipped:
        parts.append(f"Skipped {len(logs.skipped)} logs that are not B&J runs.")
    if logs.unreadable:
        parts.append("Unreadable:\n" + "\n".join(f"- {cell(line)}" for line in logs.unreadable))
    return "\n\n".join(parts)


def comparisons_markdown(
    comparisons: list[Comparison], adjust: str, notes: list[str] | None = None
) -> str:
    """The tests per task, each labelled, after `notes` (what was not compared and why)."""
    notes = notes or []
    if not comparisons:
        return "\n\n".join([*notes, "No task was run by two or more models."])
    parts = [
        *notes,
        "Over the cases every compared run scored. The paper's tests treat the models' scores "
        "as independent samples: Kruskal-Wallis (epsilon squared as effect size) and Dunn's "
        f"pairwise test. The models answer the same cases, so the paired tests are given "
        f"beside them: Cochran's Q and exact McNemar tests on per-case correctness (a judged "
        f"case counts as correct when its score, the share of Correct verdicts, is above "
        f"{MAJORITY:g}). A - B: the difference in accuracy in percentage points, with a paired "
        "case-level bootstrap 95% interval (none when every case differs by the same amount). "
        f"Pairwise p-values: {ADJUST_NAMES[adjust]}; * p < {ALPHA}.",
    ]
    for c in comparisons:
        title = f"**Task {c.bj_task}**" + (f" ({cell(c.setup)})" if c.setup else "")
        shared = _shared_note(c)
        if c.statistic is None and c.pairwise is None:
            parts.append(f"{title}, {len(c.models)} models: not compared: {c.reason}.")
            continue
        lines = [f"{title}, {len(c.models)} models, {shared}."]
        if c.statistic is not None:
            verdict = "the models differ" if c.significant else "no difference shown"
            lines.append(
                f"- Kruskal-Wallis (unpaired, the paper's): H({c.df}) = {c.statistic:.2f}, "
                f"N = {c.n_total}, {p_equals(c.p_value)}, epsilon squared = "
                f"{number(c.epsilon_squared, 3)} ({verdict} at p < {ALPHA})."
            )
        else:
            lines.append(f"- Kruskal-Wallis: {c.reason}.")
        if c.cochran_q is not None:
            lines.append(
                f"- Cochran's Q (paired): Q({len(c.models) - 1}) = {c.cochran_q:.2f}, "
                f"N = {c.n_shared} cases, {p_equals(c.cochran_p)}."
            )
        else:
            lines.append(f"- Cochran's Q: {c.cochran_reason}.")
        if c.pairwise is not None:
            lines.append(
                "\nDunn's pairwise tests and exact McNemar tests:\n\n" + _pairwise(c.pairwise)
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _shared_note(c: Comparison) -> str:
    counts = set(c.n_each.values())
    if counts == {c.n_shared}:
        return f"n = {c.n_shared} shared cases"
    each = ", ".join(f"{label} {n}" for label, n in c.n_each.items())
    return f"n = {c.n_shared} shared: only the cases every run scored (scored: {each})"


def _pairwise(pairs: pd.DataFrame) -> str:
    rows = []
    for p in records(pairs):
        difference = f"{p['difference'] * 100:+.1f} pts"
        if p["difference_low"] == p["difference_low"]:
            difference += (
                f" ({p['difference_low'] * 100:+.1f} to {p['difference_high'] * 100:+.1f})"
            )
        dunn_p = p.get("dunn_p_adjusted", float("nan"))
        dunn_z = p.get("dunn_z", float("nan"))
        rows.append(
            [
                p['model_a'], p['model_b'], p['n'], percent(p['accuracy_a']), percent(p['accuracy_b']), difference,
                number(dunn_z), _star(dunn_p), f"{p['mcnemar_a_only']} / {p['mcnemar_b_only']}",
                _star(p['mcnemar_p_adjusted']),
            ]
        )  # fmt: skip
    header = [
        "A", "B", "n", "accuracy A", "accuracy B", "A - B (95% CI)", "Dunn z", "Dunn p",
        "McNemar A only / B only", "McNemar p",
    ]  # fmt: skip
    return table(header, rows, right=(2, 3, 4, 6, 7, 9))


def _star(p: float) -> str:
    shown = p_value(p)
    return f"{shown}*" if shown and p < ALPHA else shown


def cell_with_n(accuracy: float, n: int) -> str:
    """`75.0% (4)`: accuracy and its n in one cell."""
    return f"{percent(accuracy)} ({n})"


def breakdown_markdown(long: pd.DataFrame, rows: list[str], columns: str) -> str:
    """A breakdown as a wide table, each cell accuracy with its n."""
    if long.empty:
        return "No samples carry this information."
    long = long.assign(
        shown=[cell_with_n(a, n) for a, n in zip(long["accuracy"], long["n"], strict=True)]
    )
    wide = long.pivot_table(
        index=rows, columns=columns, values="shown", aggfunc="first", sort=False
    )
    header = [{"bj_task": "task", "label": "model"}.get(r, r) for r in rows] + [
        str(c) for c in wide.columns
    ]
    body = [
        [
            *(key if isinstance(key, tuple) else (key,)),
            *(v if isinstance(v, str) else "" for v in values),
        ]
        for key, values in zip(wide.index, wide.to_numpy(), strict=True)
    ]
    return table(header, body) + "\n\nCells: accuracy (n scored)."
