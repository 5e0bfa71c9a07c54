"""The Bones and Joints (B&J) benchmark of clinical reasoning in orthopedics, as Inspect tasks.

The tasks are imported on first use (PEP 562), so that `bj-evals --help` does not load
Inspect; Inspect itself finds them through `bj_evals._registry`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bj_evals.tasks import (
        case_completion,
        diagnosis_generation,
        diagnostic_reasoning,
        image_interpretation,
        inconsistency_detection,
        knowledge_recall,
        note_interpretation,
        option_guessing,
        treatment_planning,
        treatment_reasoning,
    )

__all__ = [
    "case_completion",
    "diagnosis_generation",
    "diagnostic_reasoning",
    "image_interpretation",
    "inconsistency_detection",
    "knowledge_recall",
    "note_interpretation",
    "option_guessing",
    "treatment_planning",
    "treatment_reasoning",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'bj_evals' has no attribute {name!r}")
    return getattr(importlib.import_module("bj_evals.tasks"), name)
