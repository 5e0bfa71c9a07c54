"""The contamination probes: was a score remembered or reasoned? Two tasks beside the paper's.

`option_guessing` (TS-Guessing, Deng et al. NAACL 2024) asks for a hidden wrong option of
each text-only question (I-II); `case_completion` asks to continue the first part of each
case's history (IV-VII's cases). Both run at temperature 0 on the published data
(`-T source=`) and, in the same run, on a control that was never published (`-T control=`,
the bundled demo set by default); every sample says which (`probe_set`). With the demo set as
both (`-T source=demo`) a run is a smoke test that tests nothing, and the report says so.

They are not tasks of the paper: `PROBES` below is their own table, and the paper's
task table, its defaults and its reports do not see them (their logs carry `bj_probe`,
not `bj_task`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import GenerateConfig
from inspect_ai.solver import generate

from bj_evals.data.records import Benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source, source_revision
from bj_evals.scorers.overlap import probe_overlap
from bj_evals.tasks.build import TASK_VERSION, whole_number
from bj_evals.tasks.options import refuse_unused
from bj_evals.tasks.probe_view import (
    ProbeSet,
    case_completion_samples,
    option_guessing_samples,
)

CONTROL_DEFAULT = "demo"
CASE_MATCH_ROUGE = 0.5
"""A continuation whose ROUGE-L F1 reaches this counts as reproduced (near-verbatim)."""


@dataclass(frozen=True)
class ProbeTask:
    """One contamination probe: its Inspect name, title, view and what counts as a match."""

    name: str
    title: str
    view: Callable[[Benchmark, ProbeSet, int], list[Sample]]
    match_rouge: float | None
    """ROUGE-L at which a reply counts as reproduced; None: normalised exact match only."""
    items: str
    """What one item is, for the report (`question`, `case`)."""


PROBES: tuple[ProbeTask, ...] = (
    ProbeTask("option_guessing", "Option guessing (I-II)", option_guessing_samples, None,
              "question"),
    ProbeTask("case_completion", "Case completion (IV-VII cases)", case_completion_samples,
              CASE_MATCH_ROUGE, "case"),
)  # fmt: skip
PROBE_BY_NAME = {probe.name: probe for probe in PROBES}


@task
def option_guessing(
    source: str = "hf", control: str = CONTROL_DEFAULT, seed: int = 0, **options: object
) -> Task:
    """Contamination probe on I-II: write the hidden wrong option of each question.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        control: Data never published, asked alongside: `demo` (the default) or a directory.
        seed: Draws which wrong option of each question is hidden.
        options: Any other option is refused, naming the tasks that take it.
    """
    return probe_task(PROBE_BY_NAME["option_guessing"], source, control, seed, options)


@task
def case_completion(
    source: str = "hf", control: str = CONTROL_DEFAULT, seed: int = 0, **options: object
) -> Task:
    """Contamination probe on IV-VII's cases: continue the first part of each history.

    Args:
        source: `hf` (the published data), `demo` (bundled cases) or a data directory.
        control: Data never published, asked alongside: `demo` (the default) or a directory.
        seed: Draws where each history is cut (a sentence end near its middle).
        options: Any other option is refused, naming the tasks that take it.
    """
    return probe_task(PROBE_BY_NAME["case_completion"], source, control, seed, options)


def probe_task(
    probe: ProbeTask,
    source: str,
    control: str,
    seed: int,
    unused: Mapping[str, object] | None = None,
) -> Task:
    """The probe over the source and the control, greedy, scored by overlap with the hidden text."""
    refuse_unused(probe.name, unused or {})
    seed = whole_number("seed", seed, minimum=0)
    if not isinstance(control, str) or not control.strip():
        raise BJEvalsError(f"-T control={control}: use `demo` or a data directory.")
    published = load_source(source)
    unseen = load_source(control)
    same = published.root.resolve() == unseen.root.resolve()
    if same:
        print(
            f"{probe.name}: the control is the source itself ({published.root}); the run "
            "tests nothing (a smoke run). Probe published data: -T source=hf.",
            file=sys.stderr,
        )
    samples = [*probe.view(published, "published", seed), *probe.view(unseen, "control", seed)]
    sides: tuple[tuple[str, Benchmark, ProbeSet], ...] = (
        ("source", published, "published"),
        ("control", unseen, "control"),
    )
    for name, benchmark, side in sides:
        if not any(s.metadata and s.metadata["probe_set"] == side for s in samples):
            raise BJEvalsError(
                f"{benchmark.root}: -T {name}= has no {probe.items}s for {probe.name}; "
                f"use data with {probe.items}s (`bj-evals validate {benchmark.root}`)."
            )
    return Task(
        dataset=MemoryDataset(samples, name=f"bj_evals/{probe.name}", location=str(published.root)),
        solver=[generate()],
        scorer=probe_overlap(match_rouge=probe.match_rouge),
        version=TASK_VERSION,
        config=GenerateConfig(temperature=0),
        metadata={
            "benchmark": "Bones and Joints (B&J)",
            "bj_probe": probe.name,
            "source": source,
            "data_dir": str(published.root),
            "data_revision": source_revision(source, published),
            "control": control,
            "control_dir": str(unseen.root),
            "control_revision": source_revision(control, unseen),
            "seed": seed,
            "match_rouge": probe.match_rouge,
            "control_is_source": same,
        },
    )
