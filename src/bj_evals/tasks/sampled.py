"""A pass@k task: its k sampled answers per case are its epochs, which `--epochs` may not change.

Inspect builds a task before it reads `--epochs`, then sets the task's epochs to the
command line's (`task.epochs = ...`) before any sample runs. A pass@k task refuses that
assignment when it disagrees with `pass_k`: the run stops there, in one line, before any
model call, instead of running another number of answers while the log records `pass_k`.
"""

from __future__ import annotations

from typing import Any

from inspect_ai import Task

from bj_evals.errors import BJEvalsError


class SampledTask(Task):
    """An Inspect task of `pass_k` epochs that no other epoch count may replace."""

    def __init__(self, *, pass_k: int, **kwargs: Any) -> None:
        self._pass_k = pass_k
        super().__init__(**(kwargs | {"epochs": pass_k}))

    @property
    def epochs(self) -> int | None:
        """The task's epochs: `pass_k`."""
        return self._epochs

    @epochs.setter
    def epochs(self, value: int | None) -> None:
        if value != self._pass_k:
            raise BJEvalsError(
                f"-T pass_k={self._pass_k} takes {self._pass_k} answers per case as its "
                f"epochs, but --epochs is {value}: leave --epochs out (or give "
                f"--epochs {self._pass_k})."
            )
        self._epochs = value
