"""What a diagnostic imaging condition adds to a task: the describer's solver, checked at build.

Under `-T imaging=description` the task describes each image with the `describer` role
before the unified prompt. The describer is checked while the task is built, before the
evaluated model answers anything: it must be bound, take images, and describe a test
image; its name is recorded in the log's metadata (`describer`) beside the imaging.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

# Inspect's own way to run a coroutine from synchronous code inside a running evaluation,
# as scorers/formats.py asks the graders while the task is built.
from inspect_ai._util._async import (  # inspect-evals-lint: ignore[IECQ001] -- asks the describer while the task is built
    run_coroutine,
)
from inspect_ai.solver import Solver

from bj_evals.errors import BJEvalsError
from bj_evals.running import evaluation_running
from bj_evals.solvers.describe import (
    bound_describer,
    check_describer,
    describe_images,
    describer_name,
)
from bj_evals.tasks.imaging import Imaging, is_text_only


@dataclass(frozen=True)
class Condition:
    """The solvers that run before the unified prompt, and what the log records beside imaging."""

    solvers: list[Solver] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def condition_for(task_name: str, imaging: Imaging) -> Condition:
    """The condition's solvers and metadata; the describer is checked now when it is known."""
    if imaging != "description":
        return Condition()
    name = describer_at_build(task_name)
    return Condition([describe_images()], {"describer": name} if name else {})


def describer_at_build(task_name: str) -> str | None:
    """The describer's name, checked usable; None outside an evaluation (checked at first use)."""
    if not evaluation_running():
        return None
    model = bound_describer()
    name = describer_name(model)
    if is_text_only(name):
        raise BJEvalsError(
            f"the describer {name} is a text-only provider and cannot see the images; bind a "
            "model that takes images: --model-role describer=hfvlm/<model> (or openai/gpt-4o, ...)."
        )
    run_coroutine(check_describer(model))
    print(f"{task_name}: images described by {name}", file=sys.stderr)
    return name
