"""Tasks I-III: five-option multiple-choice questions, scored by accuracy."""

from inspect_ai import Task, task

from bj_evals.task_table import paper_task
from bj_evals.tasks.build import mcq_task


@task
def knowledge_recall(source: str = "hf") -> Task:
    """Task I: orthopedic knowledge recall (129 questions in the paper).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
    """
    return mcq_task(paper_task("knowledge_recall"), source)


@task
def note_interpretation(source: str = "hf") -> Task:
    """Task II: clinical-note interpretation (101 questions in the paper).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
    """
    return mcq_task(paper_task("note_interpretation"), source)


@task
def image_interpretation(
    source: str = "hf", image_size: int | str = "api", imaging: str = "image"
) -> Task:
    """Task III: radiograph, CT and MRI interpretation from the image alone (203 questions).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
        imaging: `image`, or `blank`: a blank image in place of each (docs/diagnostics.md).
    """
    return mcq_task(paper_task("image_interpretation"), source, image_size, imaging)
