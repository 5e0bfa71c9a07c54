"""The judge's verdict on an answer, as documented: majorities, not most-frequent votes.

A grader's verdict is the verdict more than half of its repeats gave (failed calls
left out); with no such majority it is Unclear (IV-VII) or not detected (VIII). A
panel's verdict is the majority, in the same sense, of its graders' verdicts. The
judge scorer stores exactly this in each score (`verdict`, and `panel` per grader,
`no majority` where there is none): it is read from there, so the log, the sheet
and `bj-evals agreement` show one value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from bj_evals.scorers.judge import NO_MAJORITY as LOGGED_NO_MAJORITY
from bj_evals.scorers.judge import majority as scorer_majority

Scale = Literal["clinical", "mismatch"]
NO_MAJORITY: dict[Scale, str] = {"clinical": "Unclear", "mismatch": "not detected"}
"""What an answer without a majority counts as, per verdict scale."""


def majority(verdicts: Sequence[str | None], no_majority: str = "Unclear") -> str:
    """The verdict more than half of `verdicts` gave; otherwise `no_majority`.

    Failed grader calls (None) are left out.
    """
    given = [v for v in verdicts if v is not None]
    top = scorer_majority(given) if given else LOGGED_NO_MAJORITY
    return no_majority if top == LOGGED_NO_MAJORITY else top


def scale_of(family: str) -> Scale:
    """The verdict scale of a judged task family."""
    return "mismatch" if family == "mismatch" else "clinical"


def judge_verdict(evidence: Mapping[str, Any], scale: Scale) -> str | None:
    """The judge's verdict on one answer from its score metadata; None when no grader gave one."""
    logged = evidence.get("verdict")
    if logged is None:
        given = grader_verdicts(evidence, scale)
        if not given:
            return None
        logged = majority(list(given.values()), NO_MAJORITY[scale])
    return NO_MAJORITY[scale] if logged == LOGGED_NO_MAJORITY else str(logged)


def grader_verdicts(evidence: Mapping[str, Any], scale: Scale) -> dict[str, str]:
    """Each grader's own verdict (its majority over its repeats) on one answer."""
    panel = evidence.get("panel")
    if isinstance(panel, dict):
        return {
            str(name): NO_MAJORITY[scale] if v == LOGGED_NO_MAJORITY else str(v)
            for name, v in panel.items()
        }
    labels = list(evidence.get("verdicts") or [])
    names = [r.get("grader", "") for r in evidence.get("repeats") or []] or [""] * len(labels)
    by_grader: dict[str, list[str | None]] = {}
    for name, label in zip(names, labels, strict=False):
        by_grader.setdefault(str(name), []).append(label)
    return {
        name: majority(given, NO_MAJORITY[scale])
        for name, given in by_grader.items()
        if any(v is not None for v in given)
    }
