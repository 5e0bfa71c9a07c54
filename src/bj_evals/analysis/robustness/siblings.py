"""Runs that differ in one part of their configuration only (prompt variant, option order).

A model's prompt variants, its option orders, its sampled and greedy runs. Every sample row carries its run's configuration (`options`); two runs of one task and
model are *siblings* over some parts when their configurations agree on everything else.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pandas as pd

from bj_evals.analysis.core.names import Names, row_labels
from bj_evals.analysis.core.stats import with_status


def nothing() -> pd.DataFrame:
    """The table of a section without runs to show."""
    empty: pd.DataFrame = pd.DataFrame()
    return empty


def with_siblings(
    samples: pd.DataFrame, parts: Collection[str], names: Names | None = None
) -> pd.DataFrame:
    """The sample table with `sibling` (the configuration without `parts`), and labels.

    `label` is the run's display label (`gpt-4o (report, prompt_variant=1)`), `base_label`
    the same without those parts (`gpt-4o (report)`).
    """
    frame = with_status(samples)
    if "options" not in frame:
        frame = frame.assign(options=pd.Series([{}] * len(frame), index=frame.index, dtype=object))
    options = frame["options"].map(lambda o: o if isinstance(o, dict) else {})
    key = options.map(lambda o: _without(o, parts))
    bare = frame.assign(condition=frame["condition"].map(lambda c: _strip(c, parts)))
    empty = pd.Series(dtype=object)
    labelled: pd.DataFrame = frame.assign(
        run_options=options,
        label=row_labels(frame, names) if len(frame) else empty,
        sibling=frame["bj_task"].astype(str) + "|" + frame["model"].astype(str) + "|" + key,
        base_label=row_labels(bare, names) if len(frame) else empty,
    )
    return labelled


def part(options: Any, key: str, default: str) -> str:
    """One part of a run's configuration, its default when the run does not name it."""
    return str(options.get(key, default)) if isinstance(options, dict) else default


def _without(options: dict[str, Any], parts: Collection[str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in sorted(options.items()) if k not in parts)


def _strip(condition: str, parts: Collection[str]) -> str:
    """A run's label condition (`report, prompt_variant=1`) without the named parts."""
    kept = [p for p in str(condition or "").split(", ") if p and p.split("=")[0] not in parts]
    return ", ".join(kept)
