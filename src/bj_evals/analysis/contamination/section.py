"""The "Contamination probes" section of results.md and its CSV files.

`contamination.csv` holds one row per model and probe (both sides, the tests, the reading),
`contamination_matches.csv` every published item a model reproduced. The section appears
when the logs hold a probe run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bj_evals.analysis.contamination.read import probe_samples
from bj_evals.analysis.contamination.stats import (
    MIN_ITEMS,
    TESTS,
    contamination_table,
    matched_items,
)
from bj_evals.analysis.core.intervals import ALPHA
from bj_evals.analysis.core.markdown import cell, interval, number, p_value, percent, table
from bj_evals.analysis.core.names import Names
from bj_evals.analysis.paper.sections import records
from bj_evals.tasks.contamination import CASE_MATCH_ROUGE

SHOWN_CHARACTERS = 120
"""A reproduced item's hidden text and reply are cut to this length in results.md (not the CSV)."""

METHOD = (
    "Each probe asks the model, at temperature 0, to write text it was not shown: the hidden "
    "wrong option of a question (option guessing, TS-Guessing of Deng et al. 2024) or the rest "
    "of a case's history (case completion). The published items are read against a control "
    "that was never published, in the same run. Match: the normalised option word for word "
    f"(option guessing), or a continuation with ROUGE-L F1 of at least {CASE_MATCH_ROUGE:g} "
    "(case completion); Wilson 95% intervals, Fisher's exact test one-sided (published > "
    "control). Overlap: mean ROUGE-L F1 with case-level bootstrap 95% intervals and a "
    "one-sided permutation test of the difference in means (9,999 resamples, seed 20251227). "
    f"Evidence of contamination: either p below {ALPHA / TESTS:g} (0.05 over the two tests); "
    f"too few items: fewer than {MIN_ITEMS} scored items on either side. No evidence does not "
    "prove the model never saw the data: paraphrased training text, refusals and tokenisation "
    "can all keep a model from reproducing what it read."
)


@dataclass
class ContaminationSection:
    """The section (Markdown, heading first; empty without probe runs) and its files."""

    sections: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def write_contamination(
    files: list[str], out: Path, names: Names | None = None
) -> ContaminationSection:
    """Read the probe logs, write the CSV files into `out`, say the section."""
    if not files:
        return ContaminationSection()
    samples = probe_samples(files)
    summary = contamination_table(samples, names)
    matches = matched_items(samples, names)
    result = ContaminationSection()
    for stem, frame in (("contamination", summary), ("contamination_matches", matches)):
        frame.to_csv(out / f"{stem}.csv", index=False)
        result.files.append(out / f"{stem}.csv")
    result.sections = ["## Contamination probes", METHOD]
    for label, rows in summary.groupby("label", sort=False):
        result.sections += [f"### {label}", _model_table(rows), _matches(matches, str(label))]
    return result


def _model_table(rows: pd.DataFrame) -> str:
    body = [
        [r["probe"], f"{r['published_n']} / {r['control_n']}",
         f"{percent(r['published_rate'])} ({interval(r['published_rate_low'], r['published_rate_high'])})",
         f"{percent(r['control_rate'])} ({interval(r['control_rate_low'], r['control_rate_high'])})",
         p_value(r["fisher_p"]),
         f"{number(r['published_overlap'])} ({_span(r['published_overlap_low'], r['published_overlap_high'])})",
         f"{number(r['control_overlap'])} ({_span(r['control_overlap_low'], r['control_overlap_high'])})",
         p_value(r["overlap_p"]), r["errored"], r["reading"]]
        for r in records(rows)
    ]  # fmt: skip
    header = ["probe", "n published / control", "match published (95% CI)",
              "match control (95% CI)", "Fisher p", "ROUGE-L published (95% CI)",
              "ROUGE-L control (95% CI)", "permutation p", "errored", "reading"]  # fmt: skip
    return table(header, body, right=range(1, 9))


def _span(low: float, high: float) -> str:
    shown = (number(low), number(high))
    return f"{shown[0]}-{shown[1]}" if all(shown) else ""


def _matches(matches: pd.DataFrame, label: str) -> str:
    own = matches[matches["label"] == label] if not matches.empty else matches
    if own.empty:
        return "No published item reproduced."
    lines = [
        f"- {r['probe']} {cell(r['item_id'])}: hidden “{cell(_cut(r['target']))}”, "
        f"reply “{cell(_cut(r['answer']))}” (ROUGE-L {number(r['rouge_l'])})"
        for r in records(own)
    ]
    return f"Published items reproduced ({len(lines)}):\n" + "\n".join(lines)


def _cut(text: object) -> str:
    shown = " ".join(str(text).split())
    return shown if len(shown) <= SHOWN_CHARACTERS else shown[: SHOWN_CHARACTERS - 1] + "…"
