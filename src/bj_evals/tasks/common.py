"""The one place where a B&J task is put together from a view, a solver and a scorer."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from importlib.resources import files

import yaml
from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.scorer import Scorer
from inspect_ai.solver import Solver, generate, multiple_choice, prompt_template

from bj_evals.data.images import parse_image_size
from bj_evals.data.records import Benchmark
from bj_evals.data.samples import Imaging, mcq_samples
from bj_evals.data.schema import McqTask
from bj_evals.data.sources import load_source
from bj_evals.errors import BJEvalsError
from bj_evals.running import evaluated_model
from bj_evals.scorers.choice import mcq_choice
from bj_evals.scorers.not_applicable import not_applicable_score
from bj_evals.solvers.modality import not_applicable_reason, resolve_imaging
from bj_evals.solvers.not_applicable import not_applicable

TASK_VERSION = str(
    yaml.safe_load(files("bj_evals").joinpath("eval.yaml").read_text("utf-8"))["version"]
)
"""eval.yaml's version: bumped when a prompt, a view or a scorer changes what a score means
(CHANGELOG.md says what changed)."""


def mcq_task(
    name: str,
    task: McqTask,
    source: str,
    template: str,
    image_size: int | str = "api",
) -> Task:
    """Task I, II or III: Inspect's multiple_choice() and choice() over five options."""
    limit = parse_image_size(image_size)
    benchmark = load_source(source)
    imaging: Imaging | None = None
    if task == "III":
        reason = not_applicable_reason(name, evaluated_model())
        if reason:
            ids = [
                (q.id, {"case_id": q.case_id or q.id, "site": q.site})
                for q in benchmark.mcqs_for(task)
            ]
            return not_applicable_task(name, task, benchmark, ids, source, reason)
        imaging = resolve_imaging(name, "image", evaluated_model(), image_only=True)
    return bj_task(
        name,
        task,
        benchmark,
        mcq_samples(benchmark, task, limit),
        solver=[multiple_choice(template=template)],
        scorer=mcq_choice(),
        source=source,
        imaging=imaging,
    )


def not_applicable_task(
    name: str,
    task: str,
    benchmark: Benchmark,
    samples: Sequence[tuple[str, Mapping[str, object]]],
    source: str,
    reason: str,
) -> Task:
    """The task's samples, by id, recorded as not applicable to the evaluated model."""
    print(f"{name}: not applicable ({reason}); recorded without running", file=sys.stderr)
    dataset = [Sample(id=id, input=reason, metadata=dict(metadata)) for id, metadata in samples]
    made = bj_task(
        name,
        task,
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
    name: str,
    task: str,
    benchmark: Benchmark,
    samples: Sequence[Sample],
    *,
    solver: list[Solver],
    scorer: Scorer,
    source: str,
    imaging: Imaging | None,
) -> Task:
    """A B&J task whose log records the paper task, the data and the imaging choice."""
    return Task(
        dataset=MemoryDataset(list(samples), name=f"bj_evals/{name}", location=str(benchmark.root)),
        solver=solver,
        scorer=scorer,
        version=TASK_VERSION,
        metadata={
            "benchmark": "Bones and Joints (B&J)",
            "bj_task": task,
            "source": source,
            "data_dir": str(benchmark.root),
            "imaging": imaging,
        },
    )


def whole_number(option: str, value: object, minimum: int) -> int:
    """A `-T` option that must be a whole number of at least `minimum`, or a one-line error."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise BJEvalsError(f"-T {option}={value}: use a whole number of at least {minimum}.")
    return value
