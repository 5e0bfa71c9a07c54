"""Which local models the running tasks use, so that idle weights can be freed.

Inspect never closes a model at the end of a task, and an eval-set over several
local models would otherwise keep every one in memory. An Inspect hook counts the
tasks under way per `hfvlm/` model (evaluated or in a role, a grader say); before
weights are loaded, those of the models no running task uses are freed. This module
is imported by the first `hfvlm/` provider built, which registers the hook then: runs
without a local model carry no hook (and Inspect prints no hook banner for them).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from inspect_ai.hooks import Hooks, TaskEnd, TaskStart, hooks
from inspect_ai.log import EvalSpec

PROVIDER = "hfvlm/"

_running: Counter[str] = Counter()


def in_use(name: str) -> bool:
    """Whether a running task uses `hfvlm/<name>`."""
    return _running[name] > 0


def local_models(spec: EvalSpec) -> list[str]:
    """The `hfvlm/` models a task uses, evaluated or in a role, by name without the provider."""
    roles: list[Any] = []
    for bound in (spec.model_roles or {}).values():
        roles += bound if isinstance(bound, list) else [bound]
    names = [spec.model, *(getattr(role, "model", "") for role in roles)]
    return [name.removeprefix(PROVIDER) for name in names if name.startswith(PROVIDER)]


@hooks(name="hfvlm_residency", description="Counts the running tasks of each local model.")
class LocalModelResidency(Hooks):
    """Counts the running tasks of each `hfvlm/` model."""

    async def on_task_start(self, data: TaskStart) -> None:
        """A task starts: its local models are in use."""
        _running.update(local_models(data.spec))

    async def on_task_end(self, data: TaskEnd) -> None:
        """A task ends: its local models may be freed when another model is loaded."""
        _running.subtract(local_models(data.log.eval))
