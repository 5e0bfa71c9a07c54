"""The eight B&J tasks."""

from bj_evals.tasks.cases import (
    diagnosis_generation,
    diagnostic_reasoning,
    treatment_planning,
    treatment_reasoning,
)
from bj_evals.tasks.inconsistency import inconsistency_detection
from bj_evals.tasks.mcq import image_interpretation, knowledge_recall, note_interpretation

__all__ = [
    "diagnosis_generation",
    "diagnostic_reasoning",
    "image_interpretation",
    "inconsistency_detection",
    "knowledge_recall",
    "note_interpretation",
    "treatment_planning",
    "treatment_reasoning",
]
