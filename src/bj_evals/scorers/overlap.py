"""The contamination probes' scorer: how much of the hidden text the model reproduced.

Two measures against the target (the hidden option, or the true rest of a history):
normalised exact match (case, punctuation and spacing ignored, and a leading option
label such as `B)` or `Option B:` dropped) and ROUGE-L F1 (the longest common word
sequence, Google's `rouge-score`). A sample is a *match* when it is an exact match or,
with `match_rouge` set, when its ROUGE-L reaches it (a near-verbatim continuation).
"""

from __future__ import annotations

import re
import unicodedata

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import TaskState
from rouge_score.rouge_scorer import RougeScorer

LABEL = re.compile(r"^\s*(?:option\s+)?\(?[A-E]\)?\s*[:.)]\s+", re.IGNORECASE)
"""A leading option label the model may repeat (`B)`, `(B) `, `Option B:`)."""

_ROUGE = RougeScorer(["rougeL"])


def normalise(text: str) -> str:
    """Text as compared for an exact match: no label, case, punctuation or extra spacing."""
    text = unicodedata.normalize("NFKC", text).strip().strip("\"'`")
    text = LABEL.sub("", text)
    kept = "".join(c if c.isalnum() else " " for c in text.casefold())
    return " ".join(kept.split())


def rouge_l(reply: str, target: str) -> float:
    """ROUGE-L F1 of `reply` against `target` (0 when either has no word)."""
    return float(_ROUGE.score(target, reply)["rougeL"].fmeasure)


@scorer(metrics={"match": [mean()], "exact": [mean()], "rouge_l": [mean()]})
def probe_overlap(match_rouge: float | None = None) -> Scorer:
    """Exact match and ROUGE-L of the reply against the hidden text.

    Args:
        match_rouge: A ROUGE-L at which a reply also counts as a match; None: exact only.
    """

    async def score(state: TaskState, target: Target) -> Score:
        reply = state.output.completion.strip()
        hidden = target.text
        if not reply:
            return Score(value={"match": 0, "exact": 0, "rouge_l": 0.0}, answer="",
                         explanation="empty reply", metadata={"reason": "no_response"})  # fmt: skip
        exact = int(normalise(reply) == normalise(hidden))
        overlap = rouge_l(reply, hidden)
        near = match_rouge is not None and overlap >= match_rouge
        match = int(bool(exact) or near)
        return Score(
            value={"match": match, "exact": exact, "rouge_l": overlap},
            answer=reply,
            explanation=f"exact match: {bool(exact)}; ROUGE-L {overlap:.3f} against the hidden text",
            metadata={"match_rule": "exact" if match_rouge is None else f"rouge_l>={match_rouge}"},
        )

    return score
