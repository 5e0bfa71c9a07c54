"""What a downloaded snapshot or a folder of spreadsheets holds: tables, columns, site folders.

The published benchmark's exact file layout is not documented, so the adapter
recognises the parts it knows (site-named image folders such as `3knee/`, and
CSV, XLSX, JSON or JSONL tables whose columns name the canonical fields) and
stops with a listing of what it found when they do not add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from bj_evals.data.mapping import ColumnMap, TableMap, guess_table
from bj_evals.data.schema import SITES, Site
from bj_evals.errors import BJEvalsError

TABLE_SUFFIXES = (".csv", ".xlsx", ".json", ".jsonl")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp")
SITE_FOLDER = re.compile(rf"^\d*[_\- ]?({'|'.join(SITES)})$", re.IGNORECASE)


@dataclass
class Table:
    """A table file (one sheet of a workbook) with its rows as text."""

    path: Path
    sheet: str | None
    frame: pd.DataFrame

    @property
    def name(self) -> str:
        """How problems name the table: the file, and the sheet of a workbook."""
        return f"{self.path.name}[{self.sheet}]" if self.sheet else self.path.name

    def row_number(self, index: int) -> int:
        """The row a person sees in the file: spreadsheets count the header as row 1."""
        return index + (1 if self.path.suffix in (".json", ".jsonl") else 2)


@dataclass
class Layout:
    """Everything the adapter found under a source directory."""

    root: Path
    tables: list[Table] = field(default_factory=list)
    site_images: dict[Path, Site] = field(default_factory=dict)
    other_files: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        """One line listing the tables with their columns and the site folders."""
        tables = "; ".join(
            f"{t.name} (columns: {', '.join(map(str, t.frame.columns))})" for t in self.tables
        )
        folders = sorted({str(p.parent.relative_to(self.root)) for p in self.site_images})
        return (
            f"tables: {tables or 'none'}; site image folders: {', '.join(folders) or 'none'}; "
            f"{len(self.other_files)} other files"
        )


def scan(root: Path) -> Layout:
    """Find the tables and the site-named image folders under `root`."""
    layout = Layout(root)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        suffix = path.suffix.lower()
        site = _site_of_folder(path.parent.name)
        if suffix in IMAGE_SUFFIXES and site is not None:
            layout.site_images[path] = site
        elif suffix in TABLE_SUFFIXES:
            layout.tables += _read_tables(path)
        else:
            layout.other_files.append(path)
    return layout


def find_map(layout: Layout, column_map: ColumnMap | None, source: str) -> ColumnMap:
    """The given map, completed by tables recognised by their column names, or a listing."""
    given = column_map or ColumnMap()
    cases = given.cases or _guess(layout, "cases")
    mcqs = given.mcqs or _guess(layout, "mcqs")
    if cases is None or mcqs is None:
        missing = " and ".join(
            kind for kind, found in (("cases", cases), ("questions", mcqs)) if found is None
        )
        raise BJEvalsError(
            f"{source}: unrecognised layout, no table of {missing} found ({layout.describe()}). "
            f"Write a column map (docs/data-format.md) and run: "
            f"bj-evals import {layout.root} --to <dir> --map <map.yaml>, then use -T source=<dir>."
        )
    return ColumnMap(cases=cases, mcqs=mcqs)


def _guess(layout: Layout, kind: Literal["cases", "mcqs"]) -> TableMap | None:
    for table in layout.tables:
        found = guess_table(_rel(layout, table), list(table.frame.columns), kind, table.sheet)
        if found is not None:
            return found
    return None


def table_for(layout: Layout, file: str, sheet: str | None) -> Table:
    """The table a map names, or a one-line error naming the tables there are."""
    for table in layout.tables:
        if _rel(layout, table) == file and (sheet is None or table.sheet == sheet):
            return table
    raise BJEvalsError(
        f"{layout.root}: the map names {file}{f'[{sheet}]' if sheet else ''}, which is not there "
        f"({layout.describe()}); fix the map's file or sheet."
    )


def _rel(layout: Layout, table: Table) -> str:
    return table.path.relative_to(layout.root).as_posix()


def _site_of_folder(name: str) -> Site | None:
    match = SITE_FOLDER.match(name)
    if match is None:
        return None
    site = match.group(1).lower()
    return next(s for s in SITES if s == site)


def _read_tables(path: Path) -> list[Table]:
    try:
        if path.suffix == ".xlsx":
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
            return [Table(path, name, frame) for name, frame in sheets.items()]
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        else:
            frame = pd.read_json(path, lines=path.suffix == ".jsonl", dtype=False)
            frame = frame.astype(object).where(frame.notna(), "")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise BJEvalsError(
            f"{path}: cannot be read as a table ({' '.join(str(error).split())}); fix or remove it"
        ) from error
    return [Table(path, None, frame)]
