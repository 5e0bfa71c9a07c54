"""Task VIII: case text paired with an image of another anatomical site."""

from inspect_ai import Task, task

from bj_evals.data.images import parse_image_size
from bj_evals.data.samples import inconsistency_samples
from bj_evals.data.sources import load_source
from bj_evals.scorers.mismatch import mismatch_judge
from bj_evals.solvers.modality import evaluated_model, resolve_imaging
from bj_evals.solvers.prompts import INCONSISTENCY_PROMPT
from bj_evals.tasks.common import bj_task, open_solver


@task
def inconsistency_detection(
    source: str = "hf",
    judge_repeats: int = 3,
    pairing_seed: int = 0,
    image_size: int | str = "api",
) -> Task:
    """Task VIII: success only if the answer notices that the image does not fit the text.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        judge_repeats: Independent grader verdicts per answer, averaged.
        pairing_seed: Seed of the deterministic choice of each case's mismatched image.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
    """
    limit = parse_image_size(image_size)
    benchmark = load_source(source)
    return bj_task(
        "inconsistency_detection",
        "VIII",
        benchmark,
        inconsistency_samples(benchmark, pairing_seed, limit),
        solver=open_solver(INCONSISTENCY_PROMPT),
        scorer=mismatch_judge(repeats=judge_repeats),
        source=source,
        imaging=resolve_imaging(
            "inconsistency_detection", "image", evaluated_model(), image_only=True
        ),
    )
