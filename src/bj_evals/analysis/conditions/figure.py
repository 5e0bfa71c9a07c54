"""What the image adds, drawn: per task, each model's accuracy under each imaging condition."""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from bj_evals.analysis.core.figure_style import (
    DOUBLE,
    FONT,
    MM,
    SINGLE,
    SMALL,
    bars,
    caption,
    colours,
    percent_axis,
    styled,
)
from bj_evals.analysis.core.logs import TASK_NAMES, TASK_ORDER
from bj_evals.analysis.paper.figures import n_text

COLUMNS = 3
"""Panels per row: a task each."""

MEANINGS = {
    "image": "the images, as in the paper",
    "blank": "a uniform grey image of the same size in place of each image",
    "none": "no imaging",
    "report": "the radiology report",
    "image+report": "the images and the report",
    "description": "each image described by that model, in its place",
}


@styled
def conditions_figure(accuracy: pd.DataFrame, note: str = "") -> Figure:
    """Panels per task; in each, models side by side, a bar per condition with its 95% interval."""
    tasks = [t for t in TASK_ORDER if t in set(accuracy["bj_task"])]
    conditions = list(dict.fromkeys(accuracy["condition"]))
    colour = dict(zip(conditions, colours(len(conditions)), strict=True))
    columns = min(COLUMNS, len(tasks))
    rows = math.ceil(len(tasks) / columns)
    width = SINGLE if columns == 1 else DOUBLE
    figure, grid = plt.subplots(rows, columns, figsize=(width, rows * 58 * MM), squeeze=False)
    for axes in grid.flat[len(tasks) :]:
        axes.set_visible(False)
    for axes, bj_task in zip(grid.flat, tasks, strict=False):
        rows_of_task = accuracy[accuracy["bj_task"] == bj_task]
        models = list(dict.fromkeys(rows_of_task["model"]))
        shown = [c for c in conditions if c in set(rows_of_task["condition"])]
        step = 0.8 / len(shown)
        for index, cond in enumerate(shown):
            these = rows_of_task[rows_of_task["condition"] == cond].set_index("model")
            present = [m for m in models if m in these.index]
            x = [models.index(m) + (index - (len(shown) - 1) / 2) * step for m in present]
            bars(
                axes, x, these.loc[present, "accuracy"].fillna(0).tolist(),
                these.loc[present, "ci_low"].tolist(), these.loc[present, "ci_high"].tolist(),
                width=step * 0.92, colour=colour[cond], label=cond, rotate=len(shown) > 3,
            )  # fmt: skip
        ticks = [
            f"{textwrap.fill(m, 14)}\n{n_text(rows_of_task.loc[rows_of_task['model'] == m, 'n'])}"
            for m in models
        ]
        axes.set_xticks(np.arange(len(models)), ticks)
        axes.tick_params(axis="x", length=0)
        axes.set_xlim(-0.55, len(models) - 0.45)
        axes.set_title(f"{bj_task} {TASK_NAMES[bj_task]}", loc="left")
        percent_axis(axes, "Accuracy")
    handles, labels = [], []
    for axes in grid.flat[: len(tasks)]:
        for handle, label in zip(*axes.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    figure.legend(
        handles, labels, loc="upper left", ncol=min(6, len(labels)), frameon=False,
        handlelength=1.2, columnspacing=1.0, bbox_to_anchor=(0.0, 1.0),
    )  # fmt: skip
    meanings = [f"{c}: {MEANINGS.get(c.split(' by ')[0], c)}" for c in conditions]
    caption(
        figure,
        f"What the image adds: accuracy of each model under each imaging condition ("
        f"{'; '.join(meanings)}). Whiskers: 95% Wilson intervals; n: scored samples. The paired "
        "tests are in results.md." + (f" {note}" if note else ""),
    )
    room = (SMALL * 2.2 + FONT * 1.6 + 4) / 72  # inches for the legend and the panel titles
    figure.subplots_adjust(top=1 - room / figure.get_figheight())
    return figure
