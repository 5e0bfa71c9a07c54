"""What every figure shares: journal column widths, type sizes, colours, bars that stay visible.

Figures are drawn at the size a journal prints them (85 mm for one column, 180 mm for
two) with 7-point type, so nothing is scaled down on the page; they are saved as PNG
(300 dpi) and as vector PDF.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, cast

import matplotlib

matplotlib.use("Agg")  # no screen needed: figures are written to files

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

P = ParamSpec("P")

MM = 1 / 25.4
SINGLE = 85 * MM
DOUBLE = 180 * MM
FONT = 7.0
SMALL = 6.0

STYLE = {
    "font.size": FONT,
    "axes.titlesize": FONT,
    "axes.labelsize": FONT,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.fontsize": SMALL,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "pdf.fonttype": 42,  # editable text in the PDF
    "svg.fonttype": "none",
}

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
"""Colours that stay distinct for readers with colour-vision deficiency (Okabe & Ito)."""

VISIBLE = 0.8
"""Percentage points: a bar below this is drawn at this height, and its value printed."""


def colours(n: int) -> list[str]:
    """`n` distinct colours: Okabe-Ito, then matplotlib's tab20 beyond eight."""
    if n <= len(OKABE_ITO):
        return OKABE_ITO[:n]
    cmap = plt.get_cmap("tab20")
    return [matplotlib.colors.to_hex(cmap(i % 20)) for i in range(n)]


def styled(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Draw a figure in the house style (matplotlib's rc_context, so no global setting changes)."""

    @functools.wraps(draw)
    def inside(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with plt.rc_context(cast(Any, STYLE)):
            return draw(*args, **kwargs)

    return inside


def percent_axis(axes: Axes, label: str) -> None:
    """A 0-100% value axis with light grid lines."""
    axes.set_ylim(0, 100)
    axes.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    axes.set_ylabel(label)
    axes.grid(axis="y", linewidth=0.3, color="#DDDDDD")
    axes.set_axisbelow(True)


def bars(
    axes: Axes,
    x: Sequence[float],
    values: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    *,
    width: float,
    colour: str,
    label: str,
    hatch: str | None = None,
    rotate: bool = False,
) -> None:
    """Bars in percent with their 95% whiskers; a bar too low to see is lifted and labelled."""
    value = np.asarray(values, dtype=float) * 100
    low, high = np.asarray(lows, dtype=float) * 100, np.asarray(highs, dtype=float) * 100
    shown = np.where(value < VISIBLE, VISIBLE, value)
    axes.bar(
        x,
        shown,
        width,
        color=colour,
        label=label,
        hatch=hatch,
        edgecolor="white" if hatch else None,
        linewidth=0,
    )
    whisker = np.isfinite(low) & np.isfinite(high)
    if whisker.any():
        axes.errorbar(
            np.asarray(x)[whisker],
            value[whisker],
            yerr=[value[whisker] - low[whisker], high[whisker] - value[whisker]],
            fmt="none",
            ecolor="#333333",
            elinewidth=0.6,
            capsize=1.2,
            capthick=0.6,
        )
    for xi, v, top in zip(x, value, np.where(whisker, high, value), strict=True):
        if v < VISIBLE:
            axes.text(
                xi, max(top, VISIBLE) + 1.5, f"{v:.0f}%", ha="center", va="bottom",
                fontsize=5, rotation=90 if rotate else 0, color="#333333",
            )  # fmt: skip


def caption(figure: Figure, text: str) -> None:
    """The figure's note under the plot, wrapped to its width; the figure grows to hold it."""
    width_in = figure.get_figwidth()
    chars = int(width_in * 72 / (SMALL * 0.6))  # about 0.55 em per character, with a margin
    lines = textwrap.wrap(text, chars)
    extra = (len(lines) * SMALL * 1.35 + 4) / 72
    height = figure.get_figheight()
    figure.set_figheight(height + extra)
    figure.tight_layout(rect=(0, extra / (height + extra), 1, 1), pad=0.4)
    figure.text(
        0.01, 0.005, "\n".join(lines), ha="left", va="bottom", fontsize=SMALL, color="#333333"
    )


def save(figure: Figure, out: Path, stem: str) -> list[Path]:
    """The figure as PNG (300 dpi) and vector PDF; returns the PNG first."""
    paths = [out / f"{stem}.png", out / f"{stem}.pdf"]
    with plt.rc_context(cast(Any, STYLE)):
        figure.savefig(paths[0], dpi=300)
        figure.savefig(paths[1])
    plt.close(figure)
    return paths


def labels_of(table: pd.DataFrame) -> list[str]:
    """The display names in a table, in its order."""
    return list(dict.fromkeys(table["label"]))


def panels(width: float, height: float, columns: int) -> tuple[Figure, list[Axes]]:
    """A figure of `columns` panels side by side."""
    figure, axes = plt.subplots(1, columns, figsize=(width, height), squeeze=False)
    return figure, list(axes[0])
