"""Human labels matched to the answers they were given for, and those set aside with the reason.

A label from the exported sheet names its answer (`run_id`, `id`, `epoch`,
`answer_hash`): it is compared with that answer when its run is among the logs
(used or superseded), else with the same task, model and condition, id and epoch in
a run used, only when the answer's text is the same. A label whose answer changed, whose id is
not in the logs, or that another label of the same answer contradicts, is set aside
and counted, never scored; the same label given twice counts once. Labels without
`answer_hash` (a plain `id,verdict` file) are matched by the columns they have.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bj_evals.errors import BJEvalsError

CHANGED = "answer changed since it was labelled"
UNKNOWN = "no such answer in these logs"
CONFLICTING = "one answer, different labels"
UNNAMED = "answer_hash empty"
Record = dict[str, Any]
KEY = ["file", "id", "epoch"]
"""What names one answer among the logs read."""


@dataclass
class Matching:
    """Labels each paired with its answer's judge verdict, and the labels set aside."""

    matched: pd.DataFrame
    """One row per labelled answer: `label` (where), `verdict` (human), `judge`, `graders`."""
    set_aside: dict[str, list[str]] = field(default_factory=dict)
    """Per reason, the labels set aside (as `model/task/id#epoch`)."""


def match(labels: pd.DataFrame, answers: pd.DataFrame, used: pd.DataFrame) -> Matching:
    """Pair each label with the answer it names.

    `answers` are all judged answers read, `used` those of the runs in use, with `label`:
    the model and its condition as the sheet's `model` column names them.
    """
    if "answer_hash" in labels.columns:
        return _dedupe(*_by_identity(labels, answers, used))
    return _dedupe(*_by_columns(labels, used))


def _by_identity(
    labels: pd.DataFrame, answers: pd.DataFrame, used: pd.DataFrame
) -> tuple[list[dict[str, object]], dict[str, list[str]]]:
    # An eval-set gives every task and model of it one run id: the task and model tell its logs apart
    by_run = {
        (r["run_id"], r["task"], r["model"], r["id"], r["epoch"]): r for r in _records(answers)
    }
    by_case: dict[tuple[str, str, str, str], list[Record]] = defaultdict(list)
    for r in _records(used):
        by_case[(r["task"], r["label"], r["id"], r["epoch"])].append(r)
    pairs: list[dict[str, object]] = []
    aside: dict[str, list[str]] = defaultdict(list)
    for label in _records(labels):
        epoch = label.get("epoch") or "1"
        where = f"{label.get('model', '')}/{label.get('task', '')}/{label['id']}#{epoch}"
        if not label["answer_hash"]:
            aside[UNNAMED].append(where)
            continue
        model = str(label.get("model", "")).split(" (")[0]  # the sheet adds the condition
        found = by_run.get(
            (label.get("run_id", ""), label.get("task", ""), model, label["id"], epoch)
        )
        candidates = [found] if found is not None else by_case.get(_case(label, epoch), [])
        same = [c for c in candidates if c["answer_hash"] == label["answer_hash"]]
        if not candidates:
            aside[UNKNOWN].append(where)
        elif not same:
            aside[CHANGED].append(where)
        else:
            pairs.append(_pair(where, label["verdict"], same[0]))
    return pairs, aside


def _case(label: Record, epoch: str) -> tuple[str, str, str, str]:
    """A label's task, model (with its condition, as the sheet names it), id and epoch."""
    return (str(label.get("task", "")), str(label.get("model", "")), str(label["id"]), epoch)


def _by_columns(
    labels: pd.DataFrame, used: pd.DataFrame
) -> tuple[list[dict[str, object]], dict[str, list[str]]]:
    columns = {"task": "task", "model": "label", "epoch": "epoch", "run_id": "run_id"}
    keys = ["id"] + [c for c in columns if c in labels.columns]
    table = used.rename(columns={"model": "raw_model", "label": "model"})
    duplicated = table.duplicated(keys)
    if duplicated.any():
        first = table.loc[duplicated, "id"].iloc[0]
        group = table[table["id"] == first]
        differ = [c for c in ("task", "model", "epoch") if group[c].nunique() > 1]
        raise BJEvalsError(
            f"these logs hold several answers with the sample id {first}: add a column "
            f"{' and '.join(differ or ['run_id'])} to the labels, or label the sheet "
            "bj-evals export writes"
        )
    index = {tuple(r[k] for k in keys): r for r in _records(table)}
    pairs: list[dict[str, object]] = []
    aside: dict[str, list[str]] = defaultdict(list)
    for label in _records(labels):
        where = "/".join(str(label[k]) for k in reversed(keys))
        found = index.get(tuple(label[k] for k in keys))
        if found is None:
            aside[UNKNOWN].append(where)
        else:
            pairs.append(_pair(where, label["verdict"], found))
    return pairs, aside


def _records(table: pd.DataFrame) -> list[Record]:
    return [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]


def _pair(where: str, human: str, answer: Record) -> dict[str, object]:
    return {
        "label": where,
        "answer": tuple(answer[k] for k in KEY),
        "verdict": human,
        "judge": answer["verdict"],
        "graders": answer["graders"],
        "verdicts": answer["verdicts"],
    }


def _dedupe(pairs: list[dict[str, object]], aside: dict[str, list[str]]) -> Matching:
    """One label per answer: the same label twice counts once; different labels are set aside."""
    by_answer: dict[object, list[dict[str, object]]] = defaultdict(list)
    for pair in pairs:
        by_answer[pair["answer"]].append(pair)
    kept = []
    for group in by_answer.values():
        if len({pair["verdict"] for pair in group}) > 1:
            aside[CONFLICTING] += [str(pair["label"]) for pair in group]
        else:
            kept.append(group[0])
    columns = ["label", "answer", "verdict", "judge", "graders", "verdicts"]
    return Matching(pd.DataFrame(kept, columns=columns), dict(aside))
