"""What the robustness tables read from a sample beyond its score.

For a multiple-choice sample: the letter the model named (`letter`, empty when it named
none), the key as shown (`key`), and, in circular mode, the question a rotation belongs to
and the rotation. For every sample: the score's reason (Inspect's `choice()` gives
`invalid_response_format` or `no_response` when a reply names no option).
"""

from __future__ import annotations

from typing import Any

from inspect_ai.log import EvalSampleSummary

from bj_evals.analysis.core.scores import main_score

SAMPLE_FIELDS = ["question_id", "rotation", "letter", "key", "reason"]


def sample_fields(summary: EvalSampleSummary) -> dict[str, Any]:
    """The fields of `SAMPLE_FIELDS` for one sample summary."""
    metadata = summary.metadata or {}
    score = main_score(summary.scores)
    multiple_choice = bool(summary.choices)
    return {
        "question_id": str(metadata.get("question_id", summary.id)),
        "rotation": metadata.get("rotation"),
        "letter": (score.answer or "") if multiple_choice and score else None,
        "key": str(summary.target) if multiple_choice else None,
        "reason": score.reason if score else None,
    }
