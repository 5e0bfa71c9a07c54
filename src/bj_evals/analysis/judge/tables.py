"""What the judge's evidence says beyond the scores: a panel's agreement and why answers failed.

With several graders (`--model-role grader=a,b`), each grader's majority verdict per
sample is kept in the score's metadata (`panel`); Fleiss' kappa (statsmodels) over
those verdicts says how far the graders agree. Every failed answer carries the
grader's main failure category (`failure`); a model's failure profile is the share of
its failed answers in each category.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from bj_evals.analysis.core.logs import SCORED
from bj_evals.analysis.core.names import Names, label_order, row_labels
from bj_evals.analysis.core.runs import JUDGED
from bj_evals.analysis.core.stats import with_status
from bj_evals.scorers.failures import FAILURES
from bj_evals.task_table import TASKS

SUCCESS: dict[str, str] = {task.id: "detected" for task in TASKS if task.family == "mismatch"}
"""The verdict that counts as a success, per task (Correct for the case tasks)."""


def panel_agreement(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """Per task and model graded by a panel: Fleiss' kappa among the graders, and each one's rate.

    Only the samples every grader of the panel judged count (n); beside them, per grader,
    the scored samples it gave no verdict on (`no_verdict <grader>`).
    """
    frame = _judged(samples, names)
    rows = []
    for (bj_task, label), group in frame.groupby(["bj_task", "label"], sort=False):
        panels = [p if isinstance(p, dict) else {} for p in group["panel"]]
        if not any(panels):
            continue
        graders = list(
            dict.fromkeys([*_panel_of(group["grader"]), *(g for p in panels for g in p)])
        )
        complete = [p for p in panels if all(g in p for g in graders)]
        kappa, reason = _fleiss([[p[g] for g in graders] for p in complete])
        success = SUCCESS.get(str(bj_task), "Correct")
        rates = {
            grader: float(np.mean([p[grader] == success for p in complete])) if complete else np.nan
            for grader in graders
        }
        rows.append(
            {
                "bj_task": bj_task,
                "label": label,
                "graders": ", ".join(graders),
                "n": len(complete),
                "panel_samples": len(panels),
                "all_agree": float(np.mean([len(set(p.values())) == 1 for p in complete]))
                if complete
                else np.nan,
                "fleiss_kappa": kappa,
                "kappa_note": reason,
                **{f"success_rate {grader}": rate for grader, rate in rates.items()},
                **{f"no_verdict {g}": sum(g not in p for p in panels) for g in graders},
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows)
    return table


def failure_profile(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """Per judged task and model: failed answers, and the share of them in each category."""
    frame = _judged(samples, names)
    rows = []
    for (bj_task, label), group in frame.groupby(["bj_task", "label"], sort=False):
        failures = group["failure"].dropna()
        counts = failures.value_counts()
        row: dict[str, object] = {
            "bj_task": bj_task,
            "label": label,
            "answers": len(group),
            "failed": len(failures),
        }
        for category in FAILURES:
            share = counts.get(category, 0) / len(failures) if len(failures) else np.nan
            row[category] = float(share)
        rows.append(row)
    table: pd.DataFrame = pd.DataFrame(rows)
    return table


def _judged(samples: pd.DataFrame, names: Names | None) -> pd.DataFrame:
    frame = with_status(samples)
    frame = frame[frame["bj_task"].isin(JUDGED)]
    order = {label: n for n, label in enumerate(label_order(frame, names))} if len(frame) else {}
    frame = frame.assign(label=row_labels(frame, names))
    frame = frame[frame["status"] == SCORED]
    task_rank = frame["bj_task"].map(JUDGED.index) * 10_000 + frame["label"].map(order)
    ranked: pd.DataFrame = frame.assign(_rank=task_rank).sort_values("_rank", kind="stable")
    return ranked


def _panel_of(graders: pd.Series) -> list[str]:
    """The panel's grader names as the judge writes them (a model named twice: `name#2`)."""
    names: list[str] = []
    for run in dict.fromkeys(str(g) for g in graders if g):
        seen: dict[str, int] = {}
        for name in run.split(", "):
            seen[name] = seen.get(name, 0) + 1
            names.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return names


def _fleiss(ratings: list[list[str]]) -> tuple[float, str]:
    """Fleiss' kappa over items rated by every grader, or NaN with the reason."""
    if len(ratings) < 2:
        return np.nan, f"{len(ratings)} sample rated by every grader: too few"
    categories = sorted({r for row in ratings for r in row})
    coded = np.array([[categories.index(r) for r in row] for row in ratings])
    table, _ = aggregate_raters(coded, n_cat=len(categories))
    if len(categories) == 1:
        return np.nan, f"every grader said {categories[0]} every time: agreement by chance is total"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(fleiss_kappa(table, method="fleiss")), ""
