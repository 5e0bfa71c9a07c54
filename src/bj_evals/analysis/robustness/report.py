"""The robustness sections of results.md, with their CSV files and figures.

Prompt sensitivity (`prompt_variants.csv`, `prompt_sensitivity.png`), option order
(`option_order.csv`), the letters named (`answer_letters.csv`, `answer_letters.png`),
refusals (`refusals.csv`) and pass@k (`pass_at_k.csv`). A section appears when its runs
are in the logs; refusals and letters appear for every run that has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bj_evals.analysis.core.figure_style import save
from bj_evals.analysis.core.markdown import interval, number, percent, table
from bj_evals.analysis.core.names import Names
from bj_evals.analysis.paper.sections import records
from bj_evals.analysis.robustness.figures import answer_letters_figure, prompt_spread_figure
from bj_evals.analysis.robustness.option_order import (
    LETTERS,
    NONE,
    circular_table,
    letter_distribution,
)
from bj_evals.analysis.robustness.pass_at_k import pass_at_k_table
from bj_evals.analysis.robustness.refusals import refusal_table
from bj_evals.analysis.robustness.variants import variant_table


@dataclass
class Robustness:
    """The robustness sections (Markdown, heading first) and the files written for them."""

    sections: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def robustness_report(
    samples: pd.DataFrame, out: Path, names: Names | None = None, note: str = ""
) -> Robustness:
    """Compute the robustness tables from the sample table, write them to `out`, say them."""
    result = Robustness()
    parts = [
        ("prompt_variants", variant_table(samples, names), "Prompt sensitivity", _variants),
        ("option_order", circular_table(samples, names), "Option order: circular", _circular),
        ("answer_letters", letter_distribution(samples, names), "Letters named", _letters),
        ("refusals", refusal_table(samples, names), "Refusals", _refusals),
        ("pass_at_k", pass_at_k_table(samples, names), "pass@k", _pass_at_k),
    ]
    for stem, frame, heading, say in parts:
        if frame.empty:
            continue
        frame.to_csv(out / f"{stem}.csv", index=False)
        result.files.append(out / f"{stem}.csv")
        result.sections += [f"## {heading}", say(frame)]
        figure = {"prompt_variants": "prompt_sensitivity", "answer_letters": "answer_letters"}
        if stem in figure:
            drawn = (
                prompt_spread_figure(frame, note)
                if stem == "prompt_variants"
                else answer_letters_figure(frame)
            )
            png, pdf = save(drawn, out, figure[stem])
            result.files += [png, pdf]
            result.sections.append(f"![{png.stem}]({png.name}) ({png.stem}.pdf)")
    return result


def _variants(frame: pd.DataFrame) -> str:
    accuracy = [c for c in frame.columns if c.startswith("accuracy_")]
    rows = [
        [r["task"], r["bj_task"], r["label"], r["n"], *(percent(r[c]) for c in accuracy),
         _points(r["spread"]), _points_interval(r["spread_low"], r["spread_high"]) or r["spread_note"],
         percent(r["flip_rate"]), number(r["fleiss_kappa"], 3) or r["kappa_note"]]
        for r in records(frame)
    ]  # fmt: skip
    header = ["task", "paper", "model", "n", *(f"variant {c.removeprefix('accuracy_')}" for c in accuracy),
              "spread", "spread 95% CI", "flip rate", "Fleiss' kappa"]  # fmt: skip
    return table(header, rows, right=range(3, 7 + len(accuracy))) + (
        "\n\nOver the cases every prompt variant scored (n): each variant's accuracy (variant 0 "
        "is the paper's prompt); the spread, largest minus smallest, in percentage points, with "
        "a paired case-level percentile bootstrap 95% interval (9,999 resamples of the cases, "
        "seed 20251227); the share of cases whose outcome differs between variants; Fleiss' "
        "kappa across variants on per-case outcomes. A case is correct when its score is above "
        "0.5 (judged tasks: most verdicts Correct). A spread is a maximum of noisy differences: "
        "with few cases, read it with its interval."
    )


def _circular(frame: pd.DataFrame) -> str:
    rows = [
        [r["task"], r["bj_task"], r["label"], r["questions"], percent(r["fixed_accuracy"]),
         percent(r["first_rotation_accuracy"]), percent(r["all_rotations_accuracy"]),
         percent(r["circular_accuracy"]), interval(r["circular_low"], r["circular_high"]),
         r["incomplete"]]
        for r in records(frame)
    ]  # fmt: skip
    header = ["task", "paper", "model", "questions", "fixed order (own run)", "first rotation",
              "all rotations", "circular", "circular 95% CI", "incomplete"]  # fmt: skip
    return table(header, rows, right=range(3, 10)) + (
        "\n\nCircular: a question counts as correct only when every rotation of its five "
        "options was answered correctly (MMBench's CircularEval); questions with a rotation "
        "errored, unscored or not run are left out of n (incomplete). Fixed order: the model's run "
        "with the options in the data's order, when there is one; first rotation: the same "
        "order, asked in the circular run; all rotations: accuracy over every rotation asked. "
        "95% CI: Wilson."
    )


def _letters(frame: pd.DataFrame) -> str:
    rows = []
    for r in records(frame):
        over = f"{r['most_over']} +{r['excess'] * 100:.1f} pts" if r["excess"] > 0 else ""
        rows.append(
            [r["task"], r["bj_task"], r["label"], r["n"],
             *(f"{percent(r[f'answer_{x}'], 0)} ({percent(r[f'key_{x}'], 0)})" for x in LETTERS),
             percent(r[f"answer_{NONE}"], 0), over]
        )  # fmt: skip
    header = ["task", "paper", "model", "n", *LETTERS, "no letter", "most over the key"]
    return table(header, rows, right=range(3, 10)) + (
        "\n\nCells: the share of the model's scored answers naming the letter (the key's share "
        "on it over the same samples). A letter named far more often than the key holds it is "
        "a position bias."
    )


def _refusals(frame: pd.DataFrame) -> str:
    rows = [
        [r["task"], r["bj_task"], r["label"], r["prompt_variant"], r["n"], r["refusals"],
         percent(r["refusal_rate"]), interval(r["refusal_low"], r["refusal_high"]),
         percent(r["other_failure_rate"])]
        for r in records(frame)
    ]  # fmt: skip
    header = ["task", "paper", "model", "prompt variant", "n", "refusals", "refusal rate",
              "95% CI", "other failures"]  # fmt: skip
    return table(header, rows, right=range(3, 9)) + (
        "\n\nRefusals among the scored samples: for I-III a reply that names no option "
        "(Inspect's invalid_response_format or no_response), for IV-VIII an answer whose main "
        "failure the grader named a refusal or hedge. They count as wrong in the accuracy "
        "table; other failures are the remaining wrong answers (judged: score 0.5 or less). "
        "95% CI: Wilson."
    )


def _pass_at_k(frame: pd.DataFrame) -> str:
    rows = [
        [r["task"], r["bj_task"], r["label"], r["cases"], r["k"], percent(r["greedy"]),
         percent(r["pass_at_1"]), interval(r["pass_at_1_low"], r["pass_at_1_high"]),
         percent(r[f"pass_at_{r['k']}"]),
         interval(r[f"pass_at_{r['k']}_low"], r[f"pass_at_{r['k']}_high"]), r["short"]]
        for r in records(frame)
    ]  # fmt: skip
    header = ["task", "paper", "model", "cases", "k", "greedy", "pass@1", "95% CI", "pass@k",
              "95% CI", "fewer than k"]  # fmt: skip
    return table(header, rows, right=range(3, 11)) + (
        "\n\nk answers per case sampled at the run's temperature and top-p (`-T pass_k=k`: "
        "0.7 and 0.95). pass@j is Chen et al.'s unbiased estimator 1 - C(n-c, j)/C(n, j) over "
        "the n answers of a case, c of them correct (score above 0.5: most verdicts Correct), "
        "averaged over the cases with at least k scored answers (cases with fewer are counted "
        "apart); pass_at_k.csv has every j. Greedy: the model's run of one answer per case in "
        "the same configuration, by the same criterion. 95% CI: case-level bootstrap."
    )


def _points(value: float) -> str:
    return "" if value != value else f"{value * 100:.1f} pts"


def _points_interval(low: float, high: float) -> str:
    if low != low or high != high:
        return ""
    return f"{low * 100:.1f} to {high * 100:.1f}"
