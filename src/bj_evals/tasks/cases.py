"""Tasks IV-VII: open answers on whole cases, graded by the three-way judge."""

from inspect_ai import Task, task

from bj_evals.task_table import paper_task
from bj_evals.tasks.build import case_task


@task
def diagnosis_generation(
    source: str = "hf",
    imaging: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
    modality: str | None = None,
    prompt_variant: int = 0,
    pass_k: int = 1,
    semantic: str | None = None,
    **options: object,
) -> Task:
    """Task IV: the diagnosis, judged against the experts' diagnosis list.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        imaging: What stands for the imaging: `auto`, `image`, `report`, or a diagnostic
            condition: `none`, `blank`, `image+report`, `description` (docs/diagnostics.md).
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
        modality: The former name of `imaging`, still accepted.
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        pass_k: 1 (one answer, the paper's), or k answers sampled at temperature 0.7, top-p 0.95.
        semantic: Off by default; `default` (BiomedBERT), a hub id or a local encoder
            directory adds BERTScore against the expert answer beside the judge.
        options: Any other option is refused, naming the tasks that take it.
    """
    row = paper_task("diagnosis_generation")
    return case_task(
        row,
        source,
        imaging,
        modality,
        judge_repeats,
        image_size,
        prompt_variant,
        pass_k,
        semantic=semantic,
        unused=options,
    )


@task
def diagnostic_reasoning(
    source: str = "hf",
    imaging: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
    modality: str | None = None,
    prompt_variant: int = 0,
    pass_k: int = 1,
    semantic: str | None = None,
    **options: object,
) -> Task:
    """Task V: the reasoning to the diagnosis, judged against the experts' reasoning chain.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        imaging: What stands for the imaging: `auto`, `image`, `report`, or a diagnostic
            condition: `none`, `blank`, `image+report`, `description` (docs/diagnostics.md).
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
        modality: The former name of `imaging`, still accepted.
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        pass_k: 1 (one answer, the paper's), or k answers sampled at temperature 0.7, top-p 0.95.
        semantic: Off by default; `default` (BiomedBERT), a hub id or a local encoder
            directory adds BERTScore against the expert answer beside the judge.
        options: Any other option is refused, naming the tasks that take it.
    """
    row = paper_task("diagnostic_reasoning")
    return case_task(
        row,
        source,
        imaging,
        modality,
        judge_repeats,
        image_size,
        prompt_variant,
        pass_k,
        semantic=semantic,
        unused=options,
    )


@task
def treatment_planning(
    source: str = "hf",
    imaging: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
    modality: str | None = None,
    prompt_variant: int = 0,
    pass_k: int = 1,
    semantic: str | None = None,
    **options: object,
) -> Task:
    """Task VI: the treatment plan, judged against the experts' plan.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        imaging: What stands for the imaging: `auto`, `image`, `report`, or a diagnostic
            condition: `none`, `blank`, `image+report`, `description` (docs/diagnostics.md).
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
        modality: The former name of `imaging`, still accepted.
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        pass_k: 1 (one answer, the paper's), or k answers sampled at temperature 0.7, top-p 0.95.
        semantic: Off by default; `default` (BiomedBERT), a hub id or a local encoder
            directory adds BERTScore against the expert answer beside the judge.
        options: Any other option is refused, naming the tasks that take it.
    """
    row = paper_task("treatment_planning")
    return case_task(
        row,
        source,
        imaging,
        modality,
        judge_repeats,
        image_size,
        prompt_variant,
        pass_k,
        semantic=semantic,
        unused=options,
    )


@task
def treatment_reasoning(
    source: str = "hf",
    imaging: str = "auto",
    judge_repeats: int = 3,
    image_size: int | str = "api",
    modality: str | None = None,
    prompt_variant: int = 0,
    pass_k: int = 1,
    semantic: str | None = None,
    **options: object,
) -> Task:
    """Task VII: the reasoning behind the treatment, judged against the experts' reasoning.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        imaging: What stands for the imaging: `auto`, `image`, `report`, or a diagnostic
            condition: `none`, `blank`, `image+report`, `description` (docs/diagnostics.md).
        judge_repeats: Independent grader verdicts per answer, averaged.
        image_size: `api` (the largest size API models take unresized), a long side in pixels, or `original`.
        modality: The former name of `imaging`, still accepted.
        prompt_variant: 0 (the paper's prompt) or another equivalent wording: 1, 2.
        pass_k: 1 (one answer, the paper's), or k answers sampled at temperature 0.7, top-p 0.95.
        semantic: Off by default; `default` (BiomedBERT), a hub id or a local encoder
            directory adds BERTScore against the expert answer beside the judge.
        options: Any other option is refused, naming the tasks that take it.
    """
    row = paper_task("treatment_reasoning")
    return case_task(
        row,
        source,
        imaging,
        modality,
        judge_repeats,
        image_size,
        prompt_variant,
        pass_k,
        semantic=semantic,
        unused=options,
    )
