"""The probe drawn: per label, the probe's balanced accuracy beside the baseline's, with intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from bj_evals.analysis.core.figure_style import (
    MM,
    SINGLE,
    bars,
    caption,
    colours,
    panels,
    percent_axis,
    styled,
)
from bj_evals.analysis.paper.sections import records

BASELINE_GREY = "#999999"


@styled
def probe_figure(found: pd.DataFrame, model: str) -> Figure:
    """Bars per probed label: the linear probe and the majority-class baseline (chance)."""
    probed = found[found["note"].fillna("") == ""] if "note" in found else found
    figure, [axes] = panels(SINGLE, 58 * MM, 1)
    x = np.arange(len(probed), dtype=float)
    bars(
        axes, list(x - 0.2), probed["balanced_accuracy"].tolist(), probed["low"].tolist(),
        probed["high"].tolist(), width=0.38, colour=colours(1)[0], label="linear probe",
    )  # fmt: skip
    bars(
        axes, list(x + 0.2), probed["baseline"].tolist(), probed["baseline_low"].tolist(),
        probed["baseline_high"].tolist(), width=0.38, colour=BASELINE_GREY,
        label="majority-class baseline",
    )  # fmt: skip
    ticks = [
        f"{row['target']}\n{row['classes']} classes, n = {int(row['images'])}"
        for row in records(probed)
    ]
    axes.set_xticks(list(x), ticks)
    axes.tick_params(axis="x", length=0)
    axes.set_xlim(-0.6, max(len(probed), 1) - 0.4)
    percent_axis(axes, "Balanced accuracy")
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=2, frameon=False, handlelength=1.2)
    skipped = [str(t) for t in found.loc[~found.index.isin(probed.index), "target"]]
    caption(
        figure,
        f"What the vision encoder of {model} sees: balanced accuracy of linear probes on the mean "
        "image embedding, folds grouped by case; n: images. Whiskers: 95% bootstrap intervals "
        "over cases. The baseline predicts the most frequent class: its balanced accuracy is "
        "chance."
        + (f" Not probed (too few cases per class): {', '.join(skipped)}." if skipped else ""),
    )
    return figure
