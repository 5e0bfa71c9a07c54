"""Fleiss' kappa for the judge's consistency with itself, as docs/reports.md defines it.

One grader: its repeats are the raters; an item is one answer on which every repeat
gave a verdict; the categories are the scale's verdicts. A panel (several graders):
the graders are the raters, each rating an answer with its own verdict (its majority
over its repeats, no majority counting as Unclear or not detected); an item is an
answer every grader judged. Either way the table of counts goes to statsmodels'
`fleiss_kappa` (method "fleiss").
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import fleiss_kappa


def consistency(
    answers: pd.DataFrame, categories: tuple[str, ...]
) -> tuple[float | None, int, str, str]:
    """Fleiss' kappa, the items it is over, a note, and whose verdicts it compares."""
    graders = max((len(g) for g in answers["graders"]), default=0)
    if graders > 1:
        rows = [list(g.values()) for g in answers["graders"]]
        return (*_fleiss(rows, categories, graders, "grader"), "graders")
    rows = [[v for v in row if v is not None] for row in answers["verdicts"]]
    repeats = max((len(row) for row in answers["verdicts"]), default=0)
    return (*_fleiss(rows, categories, repeats, "repeat"), "repeats")


def _fleiss(
    rows: Sequence[list[str]], categories: tuple[str, ...], raters: int, rater: str
) -> tuple[float | None, int, str]:
    """Fleiss' kappa over the items rated by all `raters`, or None with the reason."""
    if raters < 2:
        return None, 0, f"one verdict per answer: there are no {rater}s to compare"
    complete = [row for row in rows if len(row) == raters]
    note = f"over the {len(complete)} of {len(rows)} answers with all {raters} {rater}s' verdicts"
    if not complete:
        return None, 0, note
    table = np.array([[row.count(c) for c in categories] for row in complete])
    if (table.sum(axis=0) == table.sum()).any():
        only = categories[int(np.argmax(table.sum(axis=0)))]
        return None, len(complete), f"every {rater} said {only}: agreement by chance is total"
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(fleiss_kappa(table, method="fleiss")), len(complete), note
