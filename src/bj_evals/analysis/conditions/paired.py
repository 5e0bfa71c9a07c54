"""What the image adds: one model's runs of one task under several imaging conditions, paired.

Runs of a task by a model that differ only in their imaging (`-T imaging=`: images,
blank, none, report, images and report, descriptions) answered the same samples, so
they pair up case by case. For each such group: accuracy per condition with its 95%
intervals (the accuracy table's), and each condition against the reference (the images,
else the report, else the first condition run) over the samples both scored: the
difference in accuracy with a paired case-level bootstrap interval, the exact McNemar
test on per-case outcomes (a judged case is correct when most of its verdicts were, as
in compare.py; p-values adjusted within the group by `--adjust`), and the share of cases
whose outcome flips. A model whose accuracy with a blank image, or with none, is not
significantly different from its accuracy with the images and within `CLOSE` of it is
not using the image, and the report says so in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests

from bj_evals.analysis.core.intervals import ALPHA, TOLERANCE, difference_interval
from bj_evals.analysis.core.logs import SCORED, TASK_ORDER
from bj_evals.analysis.core.names import Names, row_labels
from bj_evals.analysis.core.runs import imaging_word
from bj_evals.analysis.core.stats import with_status
from bj_evals.analysis.paper.compare import MAJORITY
from bj_evals.analysis.paper.sections import ADJUST_NAMES, records

ORDER = ("image", "blank", "none", "report", "image+report")
"""Conditions in the order tables and figures show them; descriptions come last."""

REFERENCES = ("image", "report")
"""The condition the others are compared with: the paper's images, else its reports."""

WITHOUT_IMAGE = {"blank": "a blank image", "none": "no imaging"}
CLOSE = 0.05
"""Within 5 percentage points of the accuracy with the images counts as unchanged."""

INTERVAL_COLUMNS = ("n", "accuracy", "ci_low", "ci_high", "boot_low", "boot_high")


@dataclass
class ConditionAnalysis:
    """Accuracy per condition, the paired comparisons, and what they say in words."""

    accuracy: pd.DataFrame = field(default_factory=pd.DataFrame)
    paired: pd.DataFrame = field(default_factory=pd.DataFrame)
    findings: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether no model ran a task under two or more conditions."""
        return self.accuracy.empty


def condition_name(imaging: str, describer: str = "") -> str:
    """A condition as tables name it: `image`, `blank`, ..., `description by <describer>`."""
    return imaging_word({"imaging": imaging, "describer": describer}) or imaging


def analyse_conditions(
    samples: pd.DataFrame,
    accuracy: pd.DataFrame,
    adjust: str = "bonferroni",
    names: Names | None = None,
) -> ConditionAnalysis:
    """Every task and model run under two or more conditions, compared with its reference."""
    frame = _with_conditions(with_status(samples), names)
    rows: list[dict[str, Any]] = []
    pairs: list[pd.DataFrame] = []
    for (bj_task, _, _), group in frame.groupby(["bj_task", "model", "rest"], sort=False):
        conditions = sorted(set(group["cond"]), key=_rank)
        if len(conditions) < 2:
            continue
        about = {"bj_task": bj_task, "task": group["task"].iloc[0]}
        about |= {"model": group["display"].iloc[0], "model_id": group["model"].iloc[0]}
        for cond in conditions:
            label = group.loc[group["cond"] == cond, "label"].iloc[0]
            match = accuracy[(accuracy["bj_task"] == bj_task) & (accuracy["label"] == label)]
            numbers = match.iloc[0]
            rows.append(about | {"condition": cond} | {k: numbers[k] for k in INTERVAL_COLUMNS})
        pairs.append(_compare_with_reference(group, conditions, about, adjust))
    if not rows:
        return ConditionAnalysis()
    paired = pd.concat(pairs, ignore_index=True)
    order = paired["bj_task"].map(TASK_ORDER.index)
    paired = paired.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)
    findings = [_finding(row) for row in records(paired)]
    return ConditionAnalysis(pd.DataFrame(rows), paired, [text for text in findings if text])


def _compare_with_reference(
    group: pd.DataFrame, conditions: list[str], about: dict[str, Any], adjust: str
) -> pd.DataFrame:
    reference = next((c for c in REFERENCES if c in conditions), conditions[0])
    scored = group[group["status"] == SCORED]
    scores = {
        cond: scored[scored["cond"] == cond].set_index("id")["score"].astype(float)
        for cond in conditions
    }
    table: pd.DataFrame = pd.DataFrame(
        [
            about
            | {"reference": reference, "condition": cond}
            | _paired(scores[reference], scores[cond])
            for cond in conditions
            if cond != reference
        ]
    )
    p = table["mcnemar_p"].to_numpy(dtype=float)
    table["mcnemar_p_adjusted"] = p if adjust == "none" else multipletests(p, method=adjust)[1]
    table["p_adjustment"] = adjust
    table["reading"] = [_reading(row) for row in records(table)]
    return table


def _with_conditions(frame: pd.DataFrame, names: Names | None) -> pd.DataFrame:
    """Each sample's condition, its model's display name, and what else sets its run apart."""
    given = frame["describer"] if "describer" in frame else pd.Series("", index=frame.index)
    describer = given.fillna("")
    imaging = list(zip(frame["imaging"], describer.astype(str), strict=True))
    words = [imaging_word({"imaging": i, "describer": d}) for i, d in imaging]
    rest = [
        f"{_other_options(c, w)} | {s}"
        for c, w, s in zip(frame["condition"], words, frame["setup"].fillna(""), strict=True)
    ]
    display = (names or Names()).for_models(frame["model"])
    assigned: pd.DataFrame = frame.assign(
        cond=[w or i for w, (i, _) in zip(words, imaging, strict=True)],
        rest=rest,
        label=row_labels(frame, names),
        display=frame["model"].map(display),
    )
    return assigned


def _other_options(condition: str, word: str) -> str:
    """A run's condition label without its imaging word (which leads it when present)."""
    parts = [part for part in str(condition).split(", ") if part]
    return ", ".join(parts[1:] if word and parts[:1] == [word] else parts)


def _rank(condition: str) -> tuple[int, str]:
    return (ORDER.index(condition) if condition in ORDER else len(ORDER), condition)


def _paired(reference: pd.Series, other: pd.Series) -> dict[str, Any]:
    """Over the samples both scored: accuracies, difference with its interval, McNemar, flips."""
    shared = pd.concat([reference.rename("a"), other.rename("b")], axis=1).dropna()
    if shared.empty:
        return {"n_shared": 0, "mcnemar_p": np.nan}
    a, b = shared["a"], shared["b"]
    right_a, right_b = a > MAJORITY, b > MAJORITY
    lost, gained = int((right_a & ~right_b).sum()), int((~right_a & right_b).sum())
    both = int((right_a & right_b).sum())
    neither = len(shared) - lost - gained - both
    table = [[both, lost], [gained, neither]]
    low, high = difference_interval(b, a)
    return {
        "n_shared": len(shared),
        "accuracy_reference": float(a.mean()),
        "accuracy_condition": float(b.mean()),
        "difference": float(b.mean() - a.mean()),
        "difference_low": low,
        "difference_high": high,
        "lost": lost,
        "gained": gained,
        "flipped": (lost + gained) / len(shared),
        "mcnemar_p": float(mcnemar(table, exact=True).pvalue) if lost + gained else 1.0,
    }


def _reading(row: dict[str, Any]) -> str:
    """The comparison in a few words."""
    if not row["n_shared"]:
        return "no shared cases"
    p, difference, condition = row["mcnemar_p_adjusted"], row["difference"], row["condition"]
    if condition in WITHOUT_IMAGE and row["reference"] == "image":
        if p >= ALPHA and abs(difference) <= CLOSE + TOLERANCE:
            return "not using the image"
        if p < ALPHA:
            return "uses the image" if difference < 0 else "better without the image"
        return "inconclusive"
    if p >= ALPHA:
        return "no significant difference"
    return f"{'higher' if difference > 0 else 'lower'} with {condition}"


def _finding(row: dict[str, Any]) -> str:
    """A sentence for the readings that say whether the model uses the image, else ''."""
    reading = row["reading"]
    if reading not in ("not using the image", "uses the image", "better without the image"):
        return ""
    facts = (
        f"{row['accuracy_condition']:.1%} with {WITHOUT_IMAGE[row['condition']]} against "
        f"{row['accuracy_reference']:.1%} with the images, {100 * row['difference']:+.1f} "
        f"points (McNemar p = {row['mcnemar_p_adjusted']:.3g}, "
        f"{ADJUST_NAMES[row.get('p_adjustment', 'none')]}; {row['flipped']:.0%} of "
        f"{row['n_shared']} cases flipped)"
    )
    conclusion = {
        "not using the image": f"not significantly different and within {CLOSE * 100:.0f} "
        "points, so the model is not using the image",
        "uses the image": "the model uses the image",
        "better without the image": "the model does better without the image",
    }[reading]
    floor = {row["accuracy_condition"], row["accuracy_reference"]} in ({0.0}, {1.0})
    if floor:  # at 0% or 100% either way the test cannot tell the image's part
        conclusion += f", though at {row['accuracy_reference']:.0%} either way this says little"
    return f"{row['model']}, {row['bj_task']} {row['task']}: {facts}: {conclusion}."
