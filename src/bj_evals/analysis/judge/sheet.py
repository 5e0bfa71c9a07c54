"""The labelling sheet on disk: cells that stay text, and labels that are never overwritten.

A spreadsheet runs a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula. In a .csv such a cell gets a leading apostrophe (OWASP's advice;
`read_table` takes it off again); in a .xlsx every text cell is stored as text, never as
a formula. A file is overwritten only with `--force`, and a sheet in which any
`human_verdict` is filled in never: those labels are someone's work.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from bj_evals.errors import BJEvalsError

HUMAN = "human_verdict"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula."""
XLSX_CELL = 32_000
"""Excel holds at most 32,767 characters in a cell."""


def escape(value: Any) -> Any:
    """A csv cell a spreadsheet shows as text: a leading apostrophe before a formula start."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape(value: str) -> str:
    """A csv cell as it was before `escape`."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def check_writable(out: Path, force: bool) -> None:
    """Refuse to replace `out` without `force`, and a sheet holding labels at all."""
    if not out.exists():
        return
    if out.is_dir():
        raise BJEvalsError(f"{out}: is a folder; name a .csv or .xlsx file")
    labelled = _labelled(out)
    if labelled:
        raise BJEvalsError(
            f"{out}: holds {labelled} human verdicts; it is never overwritten: "
            "export to another file"
        )
    if not force:
        raise BJEvalsError(f"{out}: exists; add --force to overwrite it")


def _labelled(path: Path) -> int:
    """How many filled-in `human_verdict` cells a sheet holds (0 for what is not a sheet)."""
    try:
        table = read_table(path)
    except BJEvalsError:
        return 0
    columns = {str(c).strip().lower(): c for c in table.columns}
    if HUMAN not in columns:
        return 0
    return int((table[columns[HUMAN]].str.strip() != "").sum())


def read_table(path: Path) -> pd.DataFrame:
    """A .csv or .xlsx table as text, cells as written before `escape`."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as error:
        raise BJEvalsError(f"{path}: cannot be read as a table ({error})") from error
    unescaped: pd.DataFrame = table.map(unescape)
    return unescaped


def write_csv(out: Path, header: list[str], rows: Iterator[dict[str, Any]]) -> int:
    """Stream `rows` to a .csv; return how many were written."""
    written = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: escape(row.get(column)) for column in header})
            written += 1
    return written


def write_xlsx(out: Path, header: list[str], rows: Iterator[dict[str, Any]]) -> int:
    """Stream `rows` to a .xlsx, text cells stored as text; return how many were written."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    book = Workbook(write_only=True)  # rows are streamed to the file, not held
    sheet = book.create_sheet("answers")
    sheet.append(header)
    written = 0
    for row in rows:
        cells = []
        for column in header:
            value = row.get(column)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if len(value) > XLSX_CELL:
                    value = value[:XLSX_CELL] + " [cut: see the log]"
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, even when it begins with `=`
                value = cell
            cells.append(value)
        sheet.append(cells)
        written += 1
    book.save(out)
    return written
