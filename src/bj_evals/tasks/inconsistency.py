"""Task VIII: case text paired with an image of another anatomical site."""

from inspect_ai import Task, task

from bj_evals.task_table import paper_task
from bj_evals.tasks.build import mismatch_task


@task
def inconsistency_detection(
    source: str = "hf",
    judge_repeats: int = 3,
    pairing_seed: int = 0,
    image_size: int | str = "api",
    imaging: str = "image",
    prompt_variant: int = 0,
    **options: object,
) -> Task:
    """Task VIII: success only if the answer notices that the image does not fit the text.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        judge_repeats: Independent grader verdicts per answer, averaged.
        pairing_seed: Seed of the deterministic choice of each case's mismatched image.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
        imaging: `image`, `blank` (a blank in place of the image) or `description` (the image
            described by the `describer` role; docs/diagnostics.md).
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        options: Any other option is refused, naming the tasks that take it.
    """
    row = paper_task("inconsistency_detection")
    return mismatch_task(
        row, source, judge_repeats, pairing_seed, image_size, imaging, prompt_variant, options
    )
