"""The one exception users see: a one-line message that says what to do."""

# Inspect's command line prints a PrerequisiteError as its message alone, without a
# traceback; no public Inspect exception does that, hence the private import.
from inspect_ai._util.error import (
    PrerequisiteError,  # inspect-evals-lint: ignore[IECQ001] -- only exception Inspect's CLI prints without a traceback
)


class BJEvalsError(PrerequisiteError, ValueError):
    """A problem with the user's data or options, found before any model call."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.args = (message,)
