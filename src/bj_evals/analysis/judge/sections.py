"""The judge's sections of results.md: why answers failed, and how far a panel's graders agree."""

from __future__ import annotations

import pandas as pd

from bj_evals.analysis.core.markdown import number, percent, table
from bj_evals.scorers.failures import FAILURES


def failures_markdown(profile: pd.DataFrame) -> str:
    """Each model's failed answers per judged task, by the grader's main failure category."""
    if profile.empty:
        return "No judged task in these logs."
    rows = [
        [r["bj_task"], r["label"], r["answers"], r["failed"], *(percent(r[c]) for c in FAILURES)]
        for _, r in profile.iterrows()
    ]
    header = ["task", "model", "answers", "failed", *FAILURES]
    return table(header, rows, right=range(2, 4 + len(FAILURES))) + (
        "\n\nShares of the failed answers (IV-VII: a majority of verdicts Incorrect or Unclear; "
        "VIII: the mismatch not detected), by the main failure the grader named; unspecified: "
        "it named none, or one outside these categories, whose words each repeat keeps in the "
        "log (`failure_written`)."
    )


def panel_markdown(panel: pd.DataFrame) -> str:
    """Agreement between the graders of a panel, beside each grader's own success rate."""
    rates = [c for c in panel.columns if c.startswith("success_rate ")]
    rows = []
    for _, r in panel.iterrows():
        each = "; ".join(
            f"{c.removeprefix('success_rate ')} {percent(r[c])}" for c in rates if r[c] == r[c]
        )
        missing = "; ".join(
            f"{c.removeprefix('no_verdict ')} {int(r[c])}"
            for c in panel.columns
            if c.startswith("no_verdict ") and r[c] == r[c] and r[c] > 0
        )
        kappa = number(r["fleiss_kappa"], 3) or r["kappa_note"]
        n = f"{r['n']} of {r['panel_samples']}"
        agree = percent(r["all_agree"]) if r["n"] else "none judged by all"
        rows.append([r["bj_task"], r["label"], n, agree, kappa, each, missing or "none"])
    header = [
        "task", "model", "n", "all graders agree", "Fleiss' kappa", "each grader: success",
        "no verdict (grader failures)",
    ]  # fmt: skip
    return table(header, rows, right=(2, 3)) + (
        "\n\nOver the samples on which every grader of the panel gave a verdict (n, of the "
        "scored samples); each grader's verdict is its majority over its repeats. Success: "
        "Correct (IV-VII), mismatch detected (VIII). No verdict: the scored samples on which "
        "every call to that grader failed, left out of n."
    )
