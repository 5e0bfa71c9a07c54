"""JSON objects that remember a key given twice: the standard leaves its value open.

A record whose `answer` appears twice would otherwise be read with the last value,
silently; the reader reports every repeated key instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator


class JsonObject(dict[str, object]):
    """A parsed JSON object that remembers the keys it gave more than once."""

    repeated: dict[str, int]


def keep_repeats(pairs: list[tuple[str, object]]) -> JsonObject:
    """`json.loads`' object hook: the JSON standard leaves a repeated key's value open."""
    parsed = JsonObject(pairs)
    parsed.repeated = {k: n for k, n in Counter(k for k, _ in pairs).items() if n > 1}
    return parsed


def repeated_keys(value: object, prefix: str = "") -> Iterator[tuple[str, int]]:
    """Each key given more than once anywhere in `value`, by its path, with its count."""
    if isinstance(value, JsonObject):
        for key, count in value.repeated.items():
            yield f"{prefix}{key}", count
        for key, inner in value.items():
            yield from repeated_keys(inner, f"{prefix}{key}.")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from repeated_keys(inner, f"{prefix}{index}.")
