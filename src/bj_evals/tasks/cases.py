"""Tasks IV-VII: open answers on whole cases, graded by the three-way judge."""

from inspect_ai import Task, task

from bj_evals.data.images import parse_image_size
from bj_evals.data.samples import CaseTask, case_samples
from bj_evals.data.sources import load_source
from bj_evals.running import evaluated_model
from bj_evals.scorers.clinical import CLINICAL_JUDGE, clinical_judge
from bj_evals.scorers.formats import formats_at_build
from bj_evals.scorers.judge import check_repeats
from bj_evals.solvers.modality import resolve_imaging
from bj_evals.solvers.prompts import (
    DIAGNOSIS_PROMPT,
    DIAGNOSTIC_REASONING_PROMPT,
    TREATMENT_PLANNING_PROMPT,
    TREATMENT_REASONING_PROMPT,
)
from bj_evals.tasks.common import bj_task, open_solver


@task
def diagnosis_generation(
    source: str = "hf",
    modality: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
) -> Task:
    """Task IV: the diagnosis, judged against the experts' diagnosis list.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        modality: What stands for the imaging: `auto`, `image` or `report`.
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
    """
    return case_task(
        "diagnosis_generation", "IV", DIAGNOSIS_PROMPT,
        source, modality, judge_repeats, image_size,
    )  # fmt: skip


@task
def diagnostic_reasoning(
    source: str = "hf",
    modality: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
) -> Task:
    """Task V: the reasoning to the diagnosis, judged against the experts' reasoning chain.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        modality: What stands for the imaging: `auto`, `image` or `report`.
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
    """
    return case_task(
        "diagnostic_reasoning", "V", DIAGNOSTIC_REASONING_PROMPT,
        source, modality, judge_repeats, image_size,
    )  # fmt: skip


@task
def treatment_planning(
    source: str = "hf",
    modality: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
) -> Task:
    """Task VI: the treatment plan, judged against the experts' plan.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        modality: What stands for the imaging: `auto`, `image` or `report`.
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
    """
    return case_task(
        "treatment_planning", "VI", TREATMENT_PLANNING_PROMPT,
        source, modality, judge_repeats, image_size,
    )  # fmt: skip


@task
def treatment_reasoning(
    source: str = "hf",
    modality: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
) -> Task:
    """Task VII: the reasoning behind the treatment, judged against the experts' reasoning.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        modality: What stands for the imaging: `auto`, `image` or `report`.
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
    """
    return case_task(
        "treatment_reasoning", "VII", TREATMENT_REASONING_PROMPT,
        source, modality, judge_repeats, image_size,
    )  # fmt: skip


def case_task(
    name: str,
    task: CaseTask,
    template: str,
    source: str,
    modality: str,
    judge_repeats: int,
    image_size: int | str,
) -> Task:
    """A case task: the case view with the chosen imaging, the prompt, the judge."""
    limit = parse_image_size(image_size)
    repeats = check_repeats(judge_repeats)
    benchmark = load_source(source)
    imaging = resolve_imaging(name, modality, evaluated_model())
    samples = case_samples(benchmark, task, imaging, limit)
    formats = formats_at_build(CLINICAL_JUDGE, grader=None)
    return bj_task(
        name,
        task,
        benchmark,
        samples,
        solver=open_solver(template),
        scorer=clinical_judge(repeats=repeats, formats=formats),
        source=source,
        imaging=imaging,
    )
