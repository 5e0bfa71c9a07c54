"""What Inspect imports to find the bj-evals tasks, scorers and model providers."""

# ruff: noqa: F401
from bj_evals.providers.baselines import chance, keyword
from bj_evals.providers.hfvlm import hfvlm
from bj_evals.scorers.choice import mcq_choice
from bj_evals.scorers.clinical import clinical_judge
from bj_evals.scorers.mismatch import mismatch_judge
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
