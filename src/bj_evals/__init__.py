"""The Bones and Joints (B&J) benchmark of clinical reasoning in orthopedics, as Inspect tasks."""

from bj_evals.tasks import (
    diagnosis_generation,
    diagnostic_reasoning,
    image_interpretation,
    inconsistency_detection,
    knowledge_recall,
    note_interpretation,
    treatment_planning,
    treatment_reasoning,
)

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
