"""Refusals, counted apart from wrong answers: per task, model and prompt variant.

The VLM fragility study measured refusal rates beside accuracy. Here a refusal is a
multiple-choice reply that names no option (Inspect's `choice()` gives the reason
`invalid_response_format`, or `no_response` for an empty reply), or an open answer whose
main failure the grader named `refusal` (a refusal or a hedge instead of an answer; see
`scorers/failures.py`). Refusals stay in n and score 0 in the accuracy table, as in the
paper; this table separates them from the other failures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bj_evals.analysis.core.intervals import binomial
from bj_evals.analysis.core.logs import SCORED
from bj_evals.analysis.core.names import Names
from bj_evals.analysis.robustness.siblings import nothing, part, with_siblings
from bj_evals.analysis.robustness.variants import CORRECT_ABOVE, VARIANT

NO_LETTER = ("invalid_response_format", "no_response")
"""The reasons Inspect's `choice()` gives a reply that names no option."""
REFUSAL = "refusal"
"""The failure category a grader names for a refusal or hedge."""


def refusal_table(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """One row per task, model and prompt variant: refusals and other failures among scored samples."""
    frame = with_siblings(samples, {VARIANT}, names)
    if frame.empty:
        return nothing()
    frame = frame[frame["status"] == SCORED]
    frame = frame.assign(
        variant=frame["run_options"].map(lambda o: part(o, VARIANT, "0")),
        refused=is_refusal(frame),
    )
    rows = []
    for (bj_task, label, variant), group in frame.groupby(
        ["bj_task", "base_label", "variant"], sort=False
    ):
        refused = int(group["refused"].sum())
        wrong = int(((group["score"].astype(float) <= CORRECT_ABOVE) & ~group["refused"]).sum())
        low, high = binomial(refused, len(group))
        rows.append(
            {
                "bj_task": bj_task,
                "task": group["task"].iloc[0],
                "label": label,
                "prompt_variant": variant,
                "n": len(group),
                "refusals": refused,
                "refusal_rate": refused / len(group),
                "refusal_low": float(low),
                "refusal_high": float(high),
                "other_failures": wrong,
                "other_failure_rate": wrong / len(group),
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows)
    return table


def is_refusal(frame: pd.DataFrame) -> pd.Series:
    """Per sample row: a reply without a letter (I-III) or an answer judged a refusal."""
    no_letter = frame["reason"].isin(NO_LETTER) if "reason" in frame else False
    judged = frame["failure"] == REFUSAL
    refused: pd.Series = pd.Series(np.asarray(no_letter | judged, dtype=bool), index=frame.index)
    return refused
