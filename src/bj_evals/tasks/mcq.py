"""Tasks I-III: five-option multiple-choice questions, scored by accuracy."""

from inspect_ai import Task, task

from bj_evals.task_table import paper_task
from bj_evals.tasks.build import mcq_task


@task
def knowledge_recall(
    source: str = "hf",
    prompt_variant: int = 0,
    option_order: str = "fixed",
    option_seed: int = 0,
    **options: object,
) -> Task:
    """Task I: orthopedic knowledge recall (129 questions in the paper).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        option_order: `fixed` (the paper's), `shuffle` (seeded), or `circular` (every rotation).
        option_seed: The seed of `option_order=shuffle`.
        options: Any other option is refused, naming the tasks that take it.
    """
    return mcq_task(
        paper_task("knowledge_recall"),
        source,
        prompt_variant=prompt_variant,
        option_order=option_order,
        option_seed=option_seed,
        unused=options,
    )


@task
def note_interpretation(
    source: str = "hf",
    prompt_variant: int = 0,
    option_order: str = "fixed",
    option_seed: int = 0,
    **options: object,
) -> Task:
    """Task II: clinical-note interpretation (101 questions in the paper).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        option_order: `fixed` (the paper's), `shuffle` (seeded), or `circular` (every rotation).
        option_seed: The seed of `option_order=shuffle`.
        options: Any other option is refused, naming the tasks that take it.
    """
    return mcq_task(
        paper_task("note_interpretation"),
        source,
        prompt_variant=prompt_variant,
        option_order=option_order,
        option_seed=option_seed,
        unused=options,
    )


@task
def image_interpretation(
    source: str = "hf",
    image_size: int | str = "api",
    imaging: str = "image",
    prompt_variant: int = 0,
    option_order: str = "fixed",
    option_seed: int = 0,
    **options: object,
) -> Task:
    """Task III: radiograph, CT and MRI interpretation from the image alone (203 questions).

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
        imaging: `image`, or `blank`: a blank image in place of each (docs/diagnostics.md).
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        option_order: `fixed` (the paper's), `shuffle` (seeded), or `circular` (every rotation).
        option_seed: The seed of `option_order=shuffle`.
        options: Any other option is refused, naming the tasks that take it.
    """
    return mcq_task(
        paper_task("image_interpretation"),
        source,
        image_size,
        imaging=imaging,
        prompt_variant=prompt_variant,
        option_order=option_order,
        option_seed=option_seed,
        unused=options,
    )
