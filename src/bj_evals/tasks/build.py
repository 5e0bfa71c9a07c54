"""The one place where a B&J task is put together from its row: a view, a solver, a scorer.

Each family of the paper's tasks has one builder (questions, cases, the mismatch
task); the `@task` functions only choose a row of the task table and pass the options.
Every option is checked here, before the data is read or a model is called; an option
a task does not take is refused first (`options.py`).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from functools import partial
from importlib.resources import files

import yaml
from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Scorer
from inspect_ai.solver import Solver, generate, multiple_choice, prompt_template

from bj_evals.data.image_size import parse_image_size
from bj_evals.data.records import Benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source, source_revision
from bj_evals.running import evaluated_model
from bj_evals.scorers.choice import mcq_choice
from bj_evals.scorers.clinical import CLINICAL_JUDGE, clinical_judge
from bj_evals.scorers.formats import formats_at_build
from bj_evals.scorers.judge import check_repeats
from bj_evals.scorers.mismatch import MISMATCH_JUDGE, mismatch_judge
from bj_evals.scorers.not_applicable import not_applicable_score
from bj_evals.scorers.semantic import semantic_option
from bj_evals.solvers.not_applicable import not_applicable
from bj_evals.task_table import PaperTask
from bj_evals.tasks.conditions import condition_for
from bj_evals.tasks.dataset import case_samples, inconsistency_samples, mcq_samples
from bj_evals.tasks.imaging import (
    FAMILY_CHOICES,
    Imaging,
    check_choice,
    imaging_option,
    not_applicable_reason,
    resolve_imaging,
)
from bj_evals.tasks.options import refuse_unused
from bj_evals.tasks.robustness import Robustness
from bj_evals.tasks.sampled import SampledTask

TASK_VERSION = str(
    yaml.safe_load(files("bj_evals").joinpath("eval.yaml").read_text("utf-8"))["version"]
)
"""eval.yaml's version: bumped when a prompt, a view or a scorer changes what a score means
(CHANGELOG.md says what changed)."""


def mcq_task(
    row: PaperTask,
    source: str,
    image_size: int | str = "api",
    imaging: str = "image",
    prompt_variant: int = 0,
    option_order: str = "fixed",
    option_seed: int = 0,
    unused: Mapping[str, object] | None = None,
) -> Task:
    """A multiple-choice task: Inspect's multiple_choice() over five options, scored by letter."""
    refuse_unused(row.name, unused or {})
    limit = parse_image_size(image_size)
    robust = Robustness.checked(row, prompt_variant, option_order, option_seed)
    allowed = FAMILY_CHOICES[row.family]
    if row.image_only:
        check_choice(row.name, imaging, allowed, image_only=True)
    benchmark = load_source(source)
    shown: Imaging | None = None
    if row.image_only:
        reason = not_applicable_reason(row.name, evaluated_model())
        if reason:
            ids = [(q.id, {"case_id": q.case_id or q.id, "site": q.site}) for q in benchmark.mcqs_for(row.id)]  # fmt: skip
            return not_applicable_task(row, benchmark, ids, source, reason)
        shown = resolve_imaging(
            row.name, imaging, evaluated_model(), image_only=True, allowed=allowed
        )
    return bj_task(
        row,
        benchmark,
        robust.arrange(mcq_samples(benchmark, row, limit, shown or "image")),
        solver=[multiple_choice(template=robust.prompt(row))],
        scorer=mcq_choice(),
        source=source,
        imaging=shown,
        robust=robust,
    )


def case_task(
    row: PaperTask,
    source: str,
    imaging: str,
    modality: str | None,
    judge_repeats: int,
    image_size: int | str,
    prompt_variant: int = 0,
    pass_k: int = 1,
    semantic: str | None = None,
    unused: Mapping[str, object] | None = None,
) -> Task:
    """A case task: the case, its imaging, the unified prompt, the judge (and `semantic`'s BERTScore)."""
    refuse_unused(row.name, unused or {})
    limit = parse_image_size(image_size)
    semantic_scorer = semantic_option(semantic)
    repeats = check_repeats(judge_repeats)
    robust = Robustness.checked(row, prompt_variant, pass_k=pass_k)
    choice = imaging_option(imaging, modality)
    benchmark = load_source(source)
    shown = resolve_imaging(row.name, choice, evaluated_model())
    samples = case_samples(benchmark, row, shown, limit)
    formats = formats_at_build(CLINICAL_JUDGE, grader=None)
    judge = clinical_judge(repeats=repeats, formats=formats)
    scorer = [judge, semantic_scorer] if semantic_scorer else judge
    return judged_task(row, benchmark, samples, source, shown, robust, scorer)


def mismatch_task(
    row: PaperTask,
    source: str,
    judge_repeats: int,
    pairing_seed: int,
    image_size: int | str,
    imaging: str = "image",
    prompt_variant: int = 0,
    unused: Mapping[str, object] | None = None,
) -> Task:
    """The mismatch task: each case with another site's image, the mismatch judge."""
    refuse_unused(row.name, unused or {})
    limit = parse_image_size(image_size)
    repeats = check_repeats(judge_repeats)
    robust = Robustness.checked(row, prompt_variant)
    seed = whole_number("pairing_seed", pairing_seed, minimum=0)
    allowed = FAMILY_CHOICES[row.family]
    check_choice(row.name, imaging, allowed, image_only=True)
    benchmark = load_source(source)
    described = imaging == "description"  # a text-only model reads the descriptions
    reason = None if described else not_applicable_reason(row.name, evaluated_model())
    if reason:
        ids = [(c.id, {"case_id": c.id, "site": c.site}) for c in benchmark.cases]
        return not_applicable_task(row, benchmark, ids, source, reason)
    shown = resolve_imaging(row.name, imaging, evaluated_model(), image_only=True, allowed=allowed)
    samples = inconsistency_samples(benchmark, row, seed, limit, shown)
    formats = formats_at_build(MISMATCH_JUDGE, grader=None)
    scorer = mismatch_judge(repeats=repeats, formats=formats)
    return judged_task(row, benchmark, samples, source, shown, robust, scorer)


def judged_task(
    row: PaperTask,
    benchmark: Benchmark,
    samples: Sequence[Sample],
    source: str,
    shown: Imaging,
    robust: Robustness,
    scorer: Scorer | list[Scorer],
) -> Task:
    """A judged task: the condition's own solvers (a describer), the prompt, one generation."""
    condition = condition_for(row.name, shown)
    return bj_task(
        row,
        benchmark,
        samples,
        solver=[*condition.solvers, *open_solver(robust.prompt(row))],
        scorer=scorer,
        source=source,
        imaging=shown,
        metadata=condition.metadata,
        robust=robust,
    )


def not_applicable_task(
    row: PaperTask,
    benchmark: Benchmark,
    samples: Sequence[tuple[str, Mapping[str, object]]],
    source: str,
    reason: str,
) -> Task:
    """The task's samples, by id, recorded as not applicable to the evaluated model."""
    print(f"{row.name}: not applicable ({reason}); recorded without running", file=sys.stderr)
    dataset = [Sample(id=id, input=reason, metadata=dict(metadata)) for id, metadata in samples]
    made = bj_task(
        row,
        benchmark,
        dataset,
        solver=[not_applicable(reason)],
        scorer=not_applicable_score(reason),
        source=source,
        imaging=None,
    )
    assert made.metadata is not None
    made.metadata |= {"applicable": False, "not_applicable": reason}
    return made


def open_solver(template: str) -> list[Solver]:
    """The unified prompt around the case, then one generation."""
    return [prompt_template(template), generate()]


def bj_task(
    row: PaperTask,
    benchmark: Benchmark,
    samples: Sequence[Sample],
    *,
    solver: list[Solver],
    scorer: Scorer | list[Scorer],
    source: str,
    imaging: Imaging | None,
    metadata: dict[str, str] | None = None,
    robust: Robustness | None = None,
) -> Task:
    """A B&J task whose log records the paper task, the data and the imaging choice."""
    robust = robust or Robustness()
    make = partial(SampledTask, pass_k=robust.pass_k) if robust.pass_k > 1 else Task
    return make(
        dataset=MemoryDataset(
            list(samples), name=f"bj_evals/{row.name}", location=str(benchmark.root)
        ),
        solver=solver,
        scorer=scorer,
        version=TASK_VERSION,
        config=robust.config,
        metadata={
            "benchmark": "Bones and Joints (B&J)",
            "bj_task": row.id,
            "source": source,
            "data_dir": str(benchmark.root),
            "data_revision": source_revision(source, benchmark),
            "imaging": imaging,
        }
        | (metadata or {})
        | robust.metadata,
    )


def whole_number(option: str, value: object, minimum: int) -> int:
    """A `-T` option that must be a whole number of at least `minimum`, or a one-line error."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise BJEvalsError(f"-T {option}={value}: use a whole number of at least {minimum}.")
    return value
