"""Option order (I-III): circular accuracy beside fixed-order accuracy, and the letters named.

A circular run (`-T option_order=circular`) asks each question once per rotation of its
five options (MMBench's CircularEval). A question counts as correct only when every
rotation was answered correctly; a question with a rotation errored, unscored or not run
(`--sample-id`, `--limit`) is left out of n and counted apart, as incomplete. Beside it: the fixed-order run of the same model and
configuration when there is one, the first rotation (the options in the data's order,
asked in the same run) and the accuracy over all rotations.

The letter distribution is, per multiple-choice run, the share of scored answers naming
each letter (and none), beside the share of the key on each letter over the same samples:
a model that names "A" far more often than the key has a position bias.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bj_evals.analysis.core.intervals import binomial
from bj_evals.analysis.core.logs import SCORED
from bj_evals.analysis.core.names import Names
from bj_evals.analysis.robustness.siblings import nothing, part, with_siblings
from bj_evals.task_table import MCQ, ids

ORDER_PARTS = {"option_order", "option_seed"}
LETTERS = ("A", "B", "C", "D", "E")
NONE = "none"


def circular_table(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """One row per task and model run in circular mode."""
    frame = _mcq(samples, names)
    if frame.empty:
        return nothing()
    rows = []
    for _, group in frame.groupby("sibling", sort=False):
        circular = group[group["order"] == "circular"]
        if circular.empty:
            continue
        fixed = group[(group["order"] == "fixed") & (group["status"] == SCORED)]
        per_question = circular.groupby("question_id", sort=False).agg(
            complete=("status", lambda s: bool((s == SCORED).all())),
            rotations=("rotation", "nunique"),
            correct=("score", lambda s: bool((s == 1.0).all())),
        )
        per_question["complete"] &= per_question["rotations"] == len(LETTERS)
        complete = per_question[per_question["complete"]]
        right = int(complete["correct"].sum())
        low, high = binomial(right, len(complete))
        scored = circular[circular["status"] == SCORED]
        first = scored[scored["rotation"] == 0]
        first_row = circular.iloc[0]
        rows.append(
            {
                "bj_task": first_row["bj_task"],
                "task": first_row["task"],
                "label": first_row["base_label"],
                "model_id": first_row["model"],
                "questions": len(complete),
                "incomplete": len(per_question) - len(complete),
                "rotations": int(circular["rotation"].nunique()),
                "fixed_accuracy": _mean(fixed["score"]),
                "fixed_n": len(fixed),
                "first_rotation_accuracy": _mean(first["score"]),
                "all_rotations_accuracy": _mean(scored["score"]),
                "circular_accuracy": right / len(complete) if len(complete) else np.nan,
                "circular_low": float(low),
                "circular_high": float(high),
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows)
    return table


def letter_distribution(samples: pd.DataFrame, names: Names | None = None) -> pd.DataFrame:
    """Per multiple-choice run: the share of answers naming each letter, and of the key."""
    frame = _mcq(samples, names)
    if frame.empty:
        return nothing()
    frame = frame[frame["status"] == SCORED]
    rows = []
    for (bj_task, label), group in frame.groupby(["bj_task", "label"], sort=False):
        named = group["letter"].fillna("").map(lambda x: x if x in LETTERS else NONE)
        answers = named.value_counts(normalize=True)
        keys = group["key"].value_counts(normalize=True)
        excess = {letter: answers.get(letter, 0.0) - keys.get(letter, 0.0) for letter in LETTERS}
        most = max(LETTERS, key=lambda letter: excess[letter])
        rows.append(
            {
                "bj_task": bj_task,
                "task": group["task"].iloc[0],
                "label": label,
                "n": len(group),
                **{f"answer_{x}": float(answers.get(x, 0.0)) for x in (*LETTERS, NONE)},
                **{f"key_{x}": float(keys.get(x, 0.0)) for x in LETTERS},
                "most_over": most,
                "excess": float(excess[most]),
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows)
    return table


def _mcq(samples: pd.DataFrame, names: Names | None) -> pd.DataFrame:
    frame = with_siblings(samples, ORDER_PARTS, names)
    mcq: pd.DataFrame = frame[frame["bj_task"].isin(ids(MCQ))]
    orders = mcq["run_options"].map(lambda o: part(o, "option_order", "fixed"))
    ordered: pd.DataFrame = mcq.assign(order=orders)
    return ordered


def _mean(values: pd.Series) -> float:
    numbers = values.astype(float).dropna()
    return float(numbers.mean()) if len(numbers) else np.nan
