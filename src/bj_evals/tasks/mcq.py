"""Tasks I-III: five-option multiple-choice questions, scored by accuracy."""

from inspect_ai import Task, task

from bj_evals.solvers.prompts import (
    IMAGE_INTERPRETATION_PROMPT,
    KNOWLEDGE_RECALL_PROMPT,
    NOTE_INTERPRETATION_PROMPT,
)
from bj_evals.tasks.common import mcq_task


@task
def knowledge_recall(source: str = "hf") -> Task:
    """Task I: orthopedic knowledge recall (129 questions in the paper).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
    """
    return mcq_task("knowledge_recall", "I", source, KNOWLEDGE_RECALL_PROMPT)


@task
def note_interpretation(source: str = "hf") -> Task:
    """Task II: clinical-note interpretation (101 questions in the paper).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
    """
    return mcq_task("note_interpretation", "II", source, NOTE_INTERPRETATION_PROMPT)


@task
def image_interpretation(source: str = "hf", image_size: int | str = "api") -> Task:
    """Task III: radiograph, CT and MRI interpretation from the image alone (203 questions).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
    """
    return mcq_task("image_interpretation", "III", source, IMAGE_INTERPRETATION_PROMPT, image_size)
