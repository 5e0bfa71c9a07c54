"""Which task takes which `-T` option: read from the `@task` signatures, so nothing to keep in step.

Every B&J task takes `**options` besides its own parameters, so that an option it does
not use reaches it (Inspect would only warn and run the default) and is refused in one
line, naming the tasks that take it, before the data is read or a model is called. A
new option is a parameter of the tasks that take it; this module finds it there.

One consequence: `inspect eval-set` passes every `-T` option to every task of the set,
so an option only some of its tasks take (`-T pass_k=5` over I-VIII) stops the set;
run those tasks in a set of their own (README, "Task options").
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping

from bj_evals.errors import BJEvalsError
from bj_evals.task_table import TASKS


def refuse_unused(task: str, options: Mapping[str, object]) -> None:
    """Stop in one line when `task` was given an option it does not take."""
    if not options:
        return
    reasons = []
    for option in sorted(options):
        takers = tasks_taking(option)
        where = f"{', '.join(takers)} take it" if takers else "no bj_evals task takes it"
        reasons.append(f"-T {option}={options[option]}: {task} does not take {option} ({where})")
    raise BJEvalsError(
        "; ".join(reasons) + ". Leave it out, or run the tasks that take it on their own "
        "(an eval-set gives its -T options to every task in it)."
    )


def tasks_taking(option: str) -> list[str]:
    """The B&J tasks whose signature names `option`, in the paper's order (others after)."""
    tasks = importlib.import_module("bj_evals.tasks")  # imported here: the tasks import this
    paper = [task.name for task in TASKS]
    names = sorted(tasks.__all__, key=lambda n: paper.index(n) if n in paper else len(paper))
    return [name for name in names if option in _parameters(getattr(tasks, name))]


def _parameters(task: object) -> set[str]:
    named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    signature = inspect.signature(task)  # type: ignore[arg-type]
    return {name for name, p in signature.parameters.items() if p.kind in named}
