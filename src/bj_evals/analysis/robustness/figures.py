"""The robustness figures: prompt sensitivity per model, and the letters models name."""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from numpy.typing import NDArray

from bj_evals.analysis.core.figure_style import MM, SINGLE, VISIBLE, caption, colours, styled
from bj_evals.analysis.core.logs import TASK_NAMES, TASK_ORDER
from bj_evals.analysis.robustness.option_order import LETTERS, NONE

LETTER_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#BBBBBB"]
"""A-E in Okabe-Ito colours, no letter in grey."""


@styled
def prompt_spread_figure(variants: pd.DataFrame, note: str = "") -> Figure:
    """Per task, one bar per model: the spread of its accuracy across prompt variants, with CI."""
    tasks = [t for t in TASK_ORDER if t in set(variants["bj_task"])]
    figure, grid = _stacked([int((variants["bj_task"] == t).sum()) for t in tasks], top=8)
    top = np.nanmax(np.r_[variants["spread"], variants["spread_high"]].astype(float)) * 100
    limit = max(10.0, float(np.ceil(top / 10 + 0.5) * 10))
    models = models_of(variants)
    colour = dict(zip(models, colours(len(models)), strict=True))
    for axes, task in zip(grid[:, 0], tasks, strict=True):
        own = variants[variants["bj_task"] == task]
        y = np.arange(len(own))[::-1]
        spread = own["spread"].to_numpy(dtype=float) * 100
        low, high = (own[c].to_numpy(dtype=float) * 100 for c in ("spread_low", "spread_high"))
        shown = np.maximum(spread, limit * VISIBLE / 100)
        axes.barh(y, shown, height=0.7, color=[colour[m] for m in own["model_id"]], linewidth=0)
        whisker = np.isfinite(low) & np.isfinite(high)
        axes.errorbar(
            spread[whisker], y[whisker], xerr=[spread[whisker] - low[whisker], high[whisker] - spread[whisker]],
            fmt="none", ecolor="#333333", elinewidth=0.6, capsize=1.2, capthick=0.6,
        )  # fmt: skip
        for yi, value, end in zip(y, spread, np.where(whisker, high, spread), strict=True):
            axes.text(
                end + limit * 0.015, yi, f"{value:.1f}", va="center", fontsize=5, color="#333333"
            )
        axes.set_yticks(
            y, [textwrap.fill(label, 26, break_long_words=False) for label in own["label"]]
        )
        axes.tick_params(axis="y", length=0)
        axes.set_xlim(0, limit)
        axes.grid(axis="x", linewidth=0.3, color="#DDDDDD")
        axes.set_axisbelow(True)
        axes.set_title(f"{task} {TASK_NAMES[task]}", loc="left")
    grid[-1, 0].set_xlabel(
        "Spread of accuracy across prompt variants\n(max - min, percentage points)"
    )
    shown_variants = ", ".join(dict.fromkeys(variants["variants"]))
    caption(
        figure,
        "Prompt sensitivity: per task and model, the largest minus the smallest accuracy over the "
        f"prompt variants run ({shown_variants}), over the cases every variant scored, printed "
        "beside the bar. Whiskers: 95% paired case-level percentile bootstrap intervals (none "
        "where no case scored differently between variants)." + (f" {note}" if note else ""),
    )
    # tight_layout measures the labels at screen resolution; at 300 dpi they come out a little
    # wider, so the longest would lose its first letters without this margin
    _spaced(figure, grid, top=8)
    return figure


def models_of(table: pd.DataFrame) -> list[str]:
    """The models of a table in its order: one colour each, whatever their conditions."""
    return list(dict.fromkeys(table["model_id"]))


@styled
def answer_letters_figure(letters: pd.DataFrame) -> Figure:
    """Per multiple-choice task, each model's share of answers on each letter, the key's marked."""
    tasks = [t for t in TASK_ORDER if t in set(letters["bj_task"])]
    figure, grid = _stacked([int((letters["bj_task"] == t).sum()) for t in tasks], top=12)
    for axes, task in zip(grid[:, 0], tasks, strict=True):
        own = letters[letters["bj_task"] == task]
        y = np.arange(len(own))[::-1]
        left = np.zeros(len(own))
        for letter, colour in zip((*LETTERS, NONE), LETTER_COLOURS, strict=True):
            share = own[f"answer_{letter}"].to_numpy(dtype=float) * 100
            axes.barh(y, share, left=left, color=colour, height=0.7, label=letter, linewidth=0)
            left += share
        keys = own[[f"key_{x}" for x in LETTERS]].to_numpy(dtype=float).cumsum(axis=1)[:, :-1]
        for yi, bounds in zip(y, keys * 100, strict=True):
            axes.vlines(bounds, yi - 0.45, yi + 0.45, colors="black", linewidth=0.8)
        axes.set_yticks(
            y, [textwrap.fill(label, 26, break_long_words=False) for label in own["label"]]
        )
        axes.set_xlim(0, 100)
        axes.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20", "40", "60", "80", "100%"])
        axes.tick_params(axis="y", length=0)
        axes.set_title(f"{task} {TASK_NAMES[task]}", loc="left")
    handles, names = grid[0, 0].get_legend_handles_labels()
    figure.legend(handles, names, loc="upper center", ncol=6, frameon=False, handlelength=1.0)
    caption(
        figure,
        "The letters named: per multiple-choice task, each model's scored answers by the letter "
        "they name, or none (grey). Black ticks: where the key's letters end over the same "
        "questions; a model without position bias has its colours end near them.",
    )
    _spaced(figure, grid, top=12)
    return figure


ROW = 6.5
"""Millimetres per bar in the stacked figures: room for a label on two lines."""
GAP = 12.0
"""Millimetres between stacked panels: the panel's title and the axis above it."""


def _stacked(rows_per_task: list[int], top: float) -> tuple[Figure, NDArray[Any]]:
    """One panel per task, stacked, each as tall as its bars; `top` mm above for a legend."""
    height = (top + 16 + ROW * sum(rows_per_task) + GAP * (len(rows_per_task) - 1)) * MM
    figure, grid = plt.subplots(
        len(rows_per_task), 1, figsize=(SINGLE, height), squeeze=False,
        gridspec_kw={"height_ratios": rows_per_task},
    )  # fmt: skip
    return figure, grid


def _spaced(figure: Figure, grid: NDArray[Any], top: float) -> None:
    """After the caption's layout: the gaps between panels, the legend's room, a left margin."""
    rows = sum(len(axes.get_yticks()) for axes in grid[:, 0])
    figure.subplots_adjust(
        top=1 - top * MM / figure.get_figheight(),
        hspace=GAP / (ROW * rows / len(grid)),
        # tight_layout measures the labels at screen resolution; at 300 dpi they come out a
        # little wider, so the longest would lose its first letters without this margin
        left=figure.subplotpars.left + 0.04,
    )
