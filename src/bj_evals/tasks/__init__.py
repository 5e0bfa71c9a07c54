"""The eight B&J tasks, and the two contamination probes beside them."""

from bj_evals.tasks.cases import (
    diagnosis_generation,
    diagnostic_reasoning,
    treatment_planning,
    treatment_reasoning,
)
from bj_evals.tasks.contamination import case_completion, option_guessing
from bj_evals.tasks.inconsistency import inconsistency_detection
from bj_evals.tasks.mcq import image_interpretation, knowledge_recall, note_interpretation

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
