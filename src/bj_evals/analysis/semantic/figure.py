"""The figure: F1 by the judge's verdict, per task (one row of panels per encoder)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from bj_evals.analysis.core.figure_style import DOUBLE, MM, OKABE_ITO, caption, panels, styled
from bj_evals.analysis.core.logs import TASK_NAMES, TASK_ORDER

SHOWN = ("Correct", "Incorrect", "Unclear", "no majority")


@styled
def f1_by_verdict_figure(answers: pd.DataFrame, encoder: str, note: str = "") -> Figure:
    """Per task, a box of F1 per verdict, each answer a dot over it."""
    tasks = [t for t in TASK_ORDER if t in set(answers["bj_task"])]
    figure, grid = panels(DOUBLE, 55 * MM, len(tasks))
    rng = np.random.default_rng(0)  # the dots' horizontal jitter only
    for axes, task in zip(grid, tasks, strict=True):
        rows = answers[answers["bj_task"] == task]
        verdicts = [v for v in SHOWN if (rows["verdict"] == v).any()]
        groups = [rows.loc[rows["verdict"] == v, "semantic_f1"].to_numpy(float) for v in verdicts]
        if groups:
            axes.boxplot(groups, widths=0.5, showfliers=False, medianprops={"color": "#333333"})
        for n, (values, colour) in enumerate(zip(groups, OKABE_ITO, strict=False), 1):
            x = n + rng.uniform(-0.15, 0.15, len(values))
            axes.scatter(x, values, s=3, color=colour, alpha=0.6, linewidths=0)
        axes.set_xticks(range(1, len(verdicts) + 1), [f"{v}\n(n={len(g)})" for v, g in zip(verdicts, groups, strict=True)])  # fmt: skip
        axes.set_title(f"{task} {TASK_NAMES[task]}", loc="left")
        axes.grid(axis="y", linewidth=0.3, color="#DDDDDD")
        axes.set_axisbelow(True)
    grid[0].set_ylabel("BERTScore F1")
    caption(
        figure,
        f"BERTScore F1 of each answer against the expert answer, by the judge's majority "
        f"verdict; encoder {encoder}. Raw F1: compare the boxes within a panel, not with "
        "another encoder's." + (f" {note}" if note else ""),
    )
    return figure
