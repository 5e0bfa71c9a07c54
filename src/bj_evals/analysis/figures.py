"""The paper's figures from the accuracy table: matplotlib, headless, one PNG each."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed: figures are written to files

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from bj_evals.analysis.logs import TASK_ORDER

MCQ_TASKS = ("I", "II", "III")
OPEN_TASKS = ("IV", "V", "VI", "VII")
CHANCE = 0.2
"""One of five options: the paper's random-guess line for tasks I-III."""


def accuracy_by_task(table: pd.DataFrame) -> Figure:
    """Grouped bars, one group per task and one bar per model, with 95% intervals (Fig. 3)."""
    tasks = [t for t in TASK_ORDER if t in set(table["bj_task"])]
    models = sorted(set(table["model"]))
    figure, axes = plt.subplots(figsize=(max(6.0, 1.2 * len(tasks) * max(1, len(models)) / 2), 4))
    width = 0.8 / len(models)
    for index, model in enumerate(models):
        rows = table[table["model"] == model].set_index("bj_task")
        present = [t for t in tasks if t in rows.index]
        x = [tasks.index(t) + (index - (len(models) - 1) / 2) * width for t in present]
        accuracy = rows.loc[present, "accuracy"]
        errors = [accuracy - rows.loc[present, "ci_low"], rows.loc[present, "ci_high"] - accuracy]
        axes.bar(x, accuracy, width, yerr=errors, capsize=2, label=model)
    axes.axhline(CHANCE, color="grey", linestyle=":", linewidth=1, label="chance (MCQ)")
    axes.set_xticks(range(len(tasks)), tasks)
    axes.set_ylim(0, 1)
    axes.set_ylabel("accuracy (95% CI)")
    axes.set_title("Accuracy by task and model")
    axes.legend(fontsize="small", loc="upper right")
    figure.tight_layout()
    return figure


def mismatch_detection(table: pd.DataFrame) -> Figure:
    """Task VIII: detection and text-driven diagnosis rates per model (Fig. 4b)."""
    rows = table[table["bj_task"] == "VIII"].sort_values("accuracy", ascending=False)
    figure, axes = plt.subplots(figsize=(max(5.0, 1.0 * len(rows) + 2), 4))
    x = range(len(rows))
    errors = [rows["accuracy"] - rows["ci_low"], rows["ci_high"] - rows["accuracy"]]
    axes.bar(
        [i - 0.2 for i in x],
        rows["accuracy"],
        0.4,
        yerr=errors,
        capsize=2,
        label="mismatch detected",
    )
    axes.bar([i + 0.2 for i in x], rows["text_driven_rate"], 0.4, label="text-driven diagnosis")
    axes.set_xticks(list(x), rows["model"], rotation=20, ha="right")
    axes.set_ylim(0, 1)
    axes.set_ylabel("share of cases")
    axes.set_title("Task VIII: text-image inconsistency")
    axes.legend(fontsize="small")
    figure.tight_layout()
    return figure


def mcq_open_gap(table: pd.DataFrame) -> Figure:
    """Per model: mean accuracy on the questions (I-III) beside the open tasks (IV-VII)."""
    mcq = table[table["bj_task"].isin(MCQ_TASKS)].groupby("model")["accuracy"].mean()
    open_ended = table[table["bj_task"].isin(OPEN_TASKS)].groupby("model")["accuracy"].mean()
    models = sorted(set(mcq.index) & set(open_ended.index))
    figure, axes = plt.subplots(figsize=(max(5.0, 1.0 * len(models) + 2), 4))
    x = range(len(models))
    axes.bar([i - 0.2 for i in x], [mcq[m] for m in models], 0.4, label="multiple choice (I-III)")
    axes.bar(
        [i + 0.2 for i in x], [open_ended[m] for m in models], 0.4, label="open-ended (IV-VII)"
    )
    axes.set_xticks(list(x), models, rotation=20, ha="right")
    axes.set_ylim(0, 1)
    axes.set_ylabel("mean accuracy")
    axes.set_title("Multiple-choice versus open-ended accuracy")
    axes.legend(fontsize="small")
    figure.tight_layout()
    return figure


FIGURES = {
    "accuracy_by_task.png": accuracy_by_task,
    "mismatch_detection.png": mismatch_detection,
    "mcq_open_gap.png": mcq_open_gap,
}


def write_figures(table: pd.DataFrame, out: Path) -> list[Path]:
    """Draw every figure the table has data for into `out`."""
    written = []
    for name, draw in FIGURES.items():
        figure = draw(table)
        if any(axes.patches for axes in figure.axes):
            figure.savefig(out / name, dpi=120)
            written.append(out / name)
        plt.close(figure)
    return written
