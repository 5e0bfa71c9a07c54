"""The failure-profile figure: why each model's answers failed, per judged task."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from bj_evals.analysis.core.figure_style import DOUBLE, MM, caption, labels_of, panels, save, styled
from bj_evals.analysis.core.logs import TASK_NAMES, TASK_ORDER
from bj_evals.scorers.failures import FAILURES

FAILURE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#999999"]


@styled
def failure_profile_figure(profile: pd.DataFrame, note: str = "") -> Figure:
    """Per judged task, one stacked bar per model: the share of its failed answers per category."""
    tasks = [t for t in TASK_ORDER if t in set(profile["bj_task"])]
    labels = labels_of(profile)
    height = (22 + 5.5 * len(labels)) * MM
    figure, grid = panels(DOUBLE, height, len(tasks))
    for axes, task in zip(grid, tasks, strict=True):
        rows = profile[profile["bj_task"] == task].set_index("label").reindex(labels)
        y = np.arange(len(labels))[::-1]
        left = np.zeros(len(labels))
        for category, colour in zip(FAILURES, FAILURE_COLOURS, strict=True):
            share = rows[category].fillna(0).to_numpy() * 100
            axes.barh(y, share, left=left, color=colour, height=0.7, label=category, linewidth=0)
            left += share
        for yi, failed in zip(y, rows["failed"].fillna(0), strict=True):
            axes.text(101, yi, f"{int(failed)}", va="center", fontsize=5, color="#333333")
        axes.set_xlim(0, 100)
        axes.set_xticks([0, 50, 100], ["0", "50", "100%"])
        axes.set_title(f"{task} {TASK_NAMES[task]}", loc="left")
        axes.set_yticks(y, labels if axes is grid[0] else [""] * len(labels))
        axes.tick_params(axis="y", length=0)
    handles, names = grid[0].get_legend_handles_labels()
    figure.legend(
        handles, names, loc="upper center", ncol=len(FAILURES), frameon=False, handlelength=1.0
    )
    caption(
        figure,
        "Why answers failed: each bar divides a model's failed answers (their number at its "
        "right end) by the main failure the grader named: knowledge, perception (misreading the "
        "imaging), reasoning, hallucination, refusal, incomplete, or unspecified (none named, or "
        "one outside these categories)." + (f" {note}" if note else ""),
    )
    figure.subplots_adjust(top=1 - 9 * MM / figure.get_figheight(), wspace=0.35)
    return figure


def write_failure_figure(profile: pd.DataFrame, out: Path, note: str = "") -> list[Path]:
    """The failure profile figure in `out` when any answer failed; returns its PNG."""
    if profile.empty or profile["failed"].sum() == 0:
        return []
    return [save(failure_profile_figure(profile, note), out, "failure_profile")[0]]
