"""Which evaluation is under way here, if any, and the model it evaluates.

Inspect builds a task with the evaluated model and the model roles bound (`eval()`
inside its event loop, `eval_set()` before it); a task object built earlier, for a
later `eval()`, knows neither. (`eval_set()` leaves both bound in the caller's context
when it returns: a task object built after it in the same Python session sees them.)
"""

from __future__ import annotations

from inspect_ai.model import Model, ModelName, get_model


def evaluation_running() -> bool:
    """Whether an evaluation is under way here (its model and roles are bound)."""
    return _active_model() is not None


def evaluated_model() -> str | None:
    """The model being evaluated (`provider/name`), when an evaluation is under way."""
    model = _active_model()
    return None if model is None else f"{ModelName(model).api}/{model.name}"


def _active_model() -> Model | None:
    try:
        return get_model()  # inspect-evals-lint: ignore[IEBP001] -- reads the active model  # fmt: skip
    except Exception:  # no evaluation under way, or its model cannot be built here
        return None
