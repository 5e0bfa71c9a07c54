"""Task VIII: case text paired with an image of another anatomical site."""

from inspect_ai import Task, task

from bj_evals.data.images import parse_image_size
from bj_evals.data.samples import inconsistency_samples
from bj_evals.data.sources import load_source
from bj_evals.running import evaluated_model
from bj_evals.scorers.formats import formats_at_build
from bj_evals.scorers.judge import check_repeats
from bj_evals.scorers.mismatch import MISMATCH_JUDGE, mismatch_judge
from bj_evals.solvers.modality import not_applicable_reason, resolve_imaging
from bj_evals.solvers.prompts import INCONSISTENCY_PROMPT
from bj_evals.tasks.common import bj_task, not_applicable_task, open_solver, whole_number


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
    repeats = check_repeats(judge_repeats)
    seed = whole_number("pairing_seed", pairing_seed, minimum=0)
    benchmark = load_source(source)
    reason = not_applicable_reason("inconsistency_detection", evaluated_model())
    if reason:
        ids = [(c.id, {"case_id": c.id, "site": c.site}) for c in benchmark.cases]
        return not_applicable_task(
            "inconsistency_detection", "VIII", benchmark, ids, source, reason
        )
    imaging = resolve_imaging(
        "inconsistency_detection", "image", evaluated_model(), image_only=True
    )
    samples = inconsistency_samples(benchmark, seed, limit)
    formats = formats_at_build(MISMATCH_JUDGE, grader=None)
    return bj_task(
        "inconsistency_detection",
        "VIII",
        benchmark,
        samples,
        solver=open_solver(INCONSISTENCY_PROMPT),
        scorer=mismatch_judge(repeats=repeats, formats=formats),
        source=source,
        imaging=imaging,
    )
