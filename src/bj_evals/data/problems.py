"""What is wrong with the data, located to a file, row and field, with what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located to a file, row and field."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        return f"{where}: {self.field}: {self.message}"


class DataError(ValueError):
    """Raised when a data directory has problems; the message names the first one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


_HINTS = {
    "missing": "add it",
    "extra_forbidden": "remove it or fix its name",
    "literal_error": "use one of the listed values",
    "string_too_short": "fill it in",
    "too_short": "add the missing items",
    "too_long": "remove the extra items",
}


def problem_from(name: str, number: int, detail: object) -> Problem:
    """A pydantic error detail as a one-line problem with a hint."""
    assert isinstance(detail, dict)
    location = ".".join(str(part) for part in detail["loc"])
    message = str(detail["msg"]).removeprefix("Value error, ")
    if not location and ": " in message:  # model-level checks name their own field
        location, message = message.split(": ", 1)
    hint = _HINTS.get(str(detail["type"]))
    message = message[:1].lower() + message[1:]
    if hint:
        message = f"{message}; {hint}"
    return Problem(name, number, location or "record", message)
