"""Numbers and tables as a journal prints them, in Markdown that no cell can break."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def cell(value: object) -> str:
    """Text safe in a Markdown table cell: pipes escaped, line breaks as spaces."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace("|", "\\|")


def table(
    header: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()
) -> str:
    """A Markdown table; columns numbered in `right` are right-aligned (numbers)."""
    aligned = set(right)
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "| " + " | ".join("---:" if i in aligned else "---" for i in range(len(header))) + " |",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def percent(value: object, digits: int = 1) -> str:
    """A share as a percentage (`41.7%`), empty when missing."""
    if value is None:
        return ""
    number = float(value)  # type: ignore[arg-type]
    return "" if math.isnan(number) else f"{number:.{digits}%}"


def interval(low: object, high: object) -> str:
    """A 95% interval of two shares (`19.3%-68.0%`), empty when missing."""
    shown = (percent(low), percent(high))
    return f"{shown[0]}-{shown[1]}" if all(shown) else ""


def p_value(p: float | None) -> str:
    """A p-value as journals print it: `< 0.0001`, else three significant digits."""
    if p is None or math.isnan(p):
        return ""
    return "< 0.0001" if p < 0.0001 else f"{p:#.3g}"


def p_equals(p: float | None) -> str:
    """`p = 0.0312` or `p < 0.0001`."""
    shown = p_value(p)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def number(value: float | None, digits: int = 2) -> str:
    """A statistic with fixed decimals, empty when missing."""
    if value is None or math.isnan(value):
        return ""
    return f"{value:.{digits}f}"
