"""The paper's figures, fit to print, and two more: multiple choice against open answers, failures.

Accuracy by task is the paper's Fig. 3 and mismatch detection its Fig. 4b. Every rate has its 95% interval, every axis is in percent, models go by their display
names in the report's order, and each figure's note says what the whiskers are, which
tasks are shown and who graded them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from bj_evals.analysis.core.figure_style import (
    DOUBLE,
    MM,
    SINGLE,
    bars,
    caption,
    colours,
    labels_of,
    percent_axis,
    save,
    styled,
)
from bj_evals.analysis.core.intervals import task_mean_interval
from bj_evals.analysis.core.logs import SCORED, TASK_NAMES, TASK_ORDER
from bj_evals.task_table import CASES, MCQ, TASKS, ids

MCQ_TASKS = ids(MCQ)
OPEN_TASKS = ids(CASES)
MISMATCH = next(task.id for task in TASKS if task.family == "mismatch")
CHANCE = 0.2
"""One of five options: the paper's random-guess line for tasks I-III."""


def n_text(counts: pd.Series) -> str:
    """`n = 16`, or the range when the models' n differ."""
    low, high = int(counts.min()), int(counts.max())
    return f"n = {low}" if low == high else f"n = {low}-{high}"


@styled
def accuracy_by_task(table: pd.DataFrame, note: str = "") -> Figure:
    """Grouped bars, one group per task and one bar per model, with 95% intervals (Fig. 3)."""
    tasks = [t for t in TASK_ORDER if t in set(table["bj_task"])]
    labels = labels_of(table)
    figure, axes = _figure(DOUBLE, 62 * MM)
    width = 0.8 / max(1, len(labels))
    for index, (label, colour) in enumerate(zip(labels, colours(len(labels)), strict=True)):
        rows = table[table["label"] == label].set_index("bj_task")
        present = [t for t in tasks if t in rows.index]
        x = [tasks.index(t) + (index - (len(labels) - 1) / 2) * width for t in present]
        bars(
            axes, x, rows.loc[present, "accuracy"].fillna(0).tolist(),
            rows.loc[present, "ci_low"].tolist(), rows.loc[present, "ci_high"].tolist(),
            width=width * 0.92, colour=colour, label=label, rotate=len(labels) > 4,
        )  # fmt: skip
    mcq = [tasks.index(t) for t in tasks if t in MCQ_TASKS]
    if mcq:
        axes.hlines(
            CHANCE * 100, min(mcq) - 0.45, max(mcq) + 0.45, colors="#666666",
            linestyles=(0, (1.5, 1.5)), linewidth=0.8, label="chance, 5 options (I-III)",
        )  # fmt: skip
    ticks = [
        f"{t}\n{textwrap.fill(TASK_NAMES[t], 13, break_long_words=False)}\n"
        + n_text(table.loc[table["bj_task"] == t, "n"])
        for t in tasks
    ]
    axes.set_xticks(range(len(tasks)), ticks)
    axes.tick_params(axis="x", length=0)
    axes.set_xlim(-0.55, len(tasks) - 0.45)
    percent_axis(axes, "Accuracy")
    handles, names = axes.get_legend_handles_labels()
    first = [i for i, name in enumerate(names) if name in labels]  # the models, then the line
    order = first + [i for i in range(len(names)) if i not in first]
    axes.legend(
        [handles[i] for i in order], [names[i] for i in order], loc="lower left",
        bbox_to_anchor=(0, 1.01), ncol=min(5, len(labels) + 1), frameon=False,
        handlelength=1.2, columnspacing=1.0,
    )  # fmt: skip
    caption(
        figure,
        "Accuracy per task; whiskers: 95% Wilson intervals; n: scored samples per model. "
        "Dotted line: chance with five options, tasks I-III only. A bar under 1% is drawn at "
        "a visible minimum with its value printed." + (f" {note}" if note else ""),
    )
    return figure


@styled
def mismatch_detection(table: pd.DataFrame, note: str = "") -> Figure:
    """Task VIII: detection and text-driven diagnosis rates per model, with intervals (Fig. 4b)."""
    rows = table[table["bj_task"] == MISMATCH]
    labels = labels_of(rows)
    figure, axes = _figure(SINGLE, 58 * MM)
    x = np.arange(len(labels), dtype=float)
    rows = rows.set_index("label").loc[labels]
    detected, driven = colours(2)
    bars(
        axes, list(x - 0.2), rows["accuracy"].fillna(0).tolist(), rows["ci_low"].tolist(),
        rows["ci_high"].tolist(), width=0.38, colour=detected, label="mismatch detected",
    )  # fmt: skip
    bars(
        axes, list(x + 0.2), rows["text_driven_rate"].fillna(0).tolist(),
        rows["text_driven_low"].tolist(), rows["text_driven_high"].tolist(), width=0.38,
        colour=driven, label="text-driven diagnosis",
    )  # fmt: skip
    axes.set_xticks(
        list(x),
        labels,
        rotation=30 if len(labels) > 2 else 0,
        ha="right" if len(labels) > 2 else "center",
    )
    axes.set_xlim(-0.6, len(labels) - 0.4)
    percent_axis(axes, "Share of cases")
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=2, frameon=False, handlelength=1.2)
    caption(
        figure,
        f"Task VIII, text-image inconsistency ({n_text(rows['n'])} per model): answers that "
        "recognised the mismatched image, and answers that diagnosed from the text as if the "
        "image fitted. Whiskers: 95% Wilson intervals." + (f" {note}" if note else ""),
    )
    return figure


@styled
def mcq_open_gap(samples: pd.DataFrame, labels: list[str], note: str = "") -> Figure:
    """Per model run on both kinds of task: mean accuracy on I-III beside IV-VII, with intervals."""
    scored = samples[samples["status"] == SCORED]
    kept, tasks_of, values = [], {}, {}
    for label in labels:
        own = scored[scored["label"] == label]
        mcq = [t for t in MCQ_TASKS if t in set(own["bj_task"])]
        open_ = [t for t in OPEN_TASKS if t in set(own["bj_task"])]
        if not mcq or not open_:
            continue
        kept.append(label)
        tasks_of[label] = (mcq, open_)
        values[label] = [_task_mean(own[own["bj_task"].isin(kind)]) for kind in (mcq, open_)]
    figure, axes = _figure(SINGLE, 58 * MM)
    x = np.arange(len(kept), dtype=float)
    for offset, kind, colour, name in (
        (-0.2, 0, colours(2)[0], "multiple choice"),
        (0.2, 1, colours(2)[1], "open-ended"),
    ):
        triples = [values[label][kind] for label in kept]
        bars(
            axes, list(x + offset), [t[0] for t in triples], [t[1] for t in triples],
            [t[2] for t in triples], width=0.38, colour=colour, label=name,
        )  # fmt: skip
    same = len({(tuple(m), tuple(o)) for m, o in tasks_of.values()}) <= 1
    ticks = kept if same else [f"{label}\n({_span(*tasks_of[label])})" for label in kept]
    axes.set_xticks(
        list(x),
        ticks,
        rotation=30 if len(kept) > 2 else 0,
        ha="right" if len(kept) > 2 else "center",
    )
    axes.set_xlim(-0.6, max(len(kept), 1) - 0.4)
    percent_axis(axes, "Mean accuracy")
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=2, frameon=False, handlelength=1.2)
    averaged = (
        _span(*next(iter(tasks_of.values()))) if same and tasks_of else "as named under each model"
    )
    left_out = [label for label in labels if label not in kept]
    caption(
        figure,
        f"Mean accuracy over the multiple-choice and the open tasks ({averaged}), each task "
        "weighted equally; whiskers: 95% case-level bootstrap intervals (a case answered in "
        "several tasks is resampled as one). Only models run on both kinds of task"
        + (f"; left out: {', '.join(left_out)}." if left_out else ".")
        + (f" {note}" if note else ""),
    )
    return figure


def write_figures(
    table: pd.DataFrame,
    samples: pd.DataFrame,
    out: Path,
    note: str = "",
) -> list[Path]:
    """Draw every figure the data hold into `out`: PNG and PDF; returns the PNGs."""
    labels = labels_of(table)
    drawn: list[tuple[str, Figure]] = []
    if not table.empty:
        drawn.append(("accuracy_by_task", accuracy_by_task(table, note)))
    if (table["bj_task"] == MISMATCH).any():
        drawn.append(("mismatch_detection", mismatch_detection(table, note)))
    has = samples.groupby("label")["bj_task"].agg(set)
    if any(s & set(MCQ_TASKS) and s & set(OPEN_TASKS) for s in has):
        drawn.append(("mcq_open_gap", mcq_open_gap(samples, labels, note)))
    return [save(figure, out, stem)[0] for stem, figure in drawn]


def _task_mean(frame: pd.DataFrame) -> tuple[float, float, float]:
    means = frame.groupby("bj_task")["score"].mean()
    low, high = task_mean_interval(frame["score"], frame["bj_task"], frame["case_id"])
    return float(means.mean()), low, high


def _span(mcq: list[str], open_: list[str]) -> str:
    return f"{', '.join(mcq)} | {', '.join(open_)}"


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    figure, axes = plt.subplots(figsize=(width, height))
    return figure, axes
