"""What a downloaded snapshot or a folder of spreadsheets holds: tables, columns, images.

The published benchmark's exact file layout is not documented, so the adapter
recognises the parts it knows (site-named image folders such as `3knee/`, and
CSV, XLSX, JSON or JSONL tables whose columns name the canonical fields) and
stops with a listing of what it found when they do not add up. Images are looked
up only inside the source directory: paths that leave it, and symlinks out of it,
are refused.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from bj_evals.data.schema import SITES, Site
from bj_evals.errors import BJEvalsError

TABLE_SUFFIXES = (".csv", ".xlsx", ".json", ".jsonl")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp")
SITE_FOLDER = re.compile(rf"^\d*[_\- ]?({'|'.join(SITES)})$", re.IGNORECASE)


@dataclass
class Table:
    """A table file (one sheet of a workbook) with its rows as text."""

    path: Path
    file: str
    """The path relative to the source directory, as a map names it."""
    sheet: str | None
    frame: pd.DataFrame
    one_of_several: bool = False
    """Whether the workbook has other sheets (then messages name the sheet)."""

    @property
    def name(self) -> str:
        """How messages name the table: its path under the source, and its sheet if need be."""
        return f"{self.file}[{self.sheet}]" if self.one_of_several else self.file

    @property
    def columns(self) -> list[str]:
        """The column names as the header row spells them."""
        return [str(column) for column in self.frame.columns]

    def row_number(self, index: int) -> int:
        """The row a person sees in the file: spreadsheets count the header as row 1."""
        return index + (1 if self.path.suffix in (".json", ".jsonl") else 2)


@dataclass
class Layout:
    """Everything the adapter found under a source directory."""

    root: Path
    tables: list[Table] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    site_images: dict[Path, Site] = field(default_factory=dict)
    other_files: list[Path] = field(default_factory=list)
    trusted: tuple[Path, ...] = ()
    """Directories outside `root` that its symlinks may point into (a hub cache's blobs)."""

    def describe(self) -> str:
        """One line listing the tables with their columns and the site folders."""
        tables = "; ".join(f"{t.name} (columns: {', '.join(t.columns)})" for t in self.tables)
        folders = sorted({str(p.parent.relative_to(self.root)) for p in self.site_images})
        return (
            f"tables: {tables or 'none'}; site image folders: {', '.join(folders) or 'none'}; "
            f"{len(self.other_files)} other files"
        )

    def unused(self, used: Iterable[Path]) -> list[str]:
        """One line for the images no record uses, one for files neither tables nor images."""
        taken = set(used)
        images = [path for path in self.images if path.resolve() not in taken]
        lines = []
        for files, what in (
            (
                images,
                ("image that no case or question uses", "images that no case or question uses"),
            ),
            (
                self.other_files,
                (
                    "file that is neither a table nor an image",
                    "files that are neither tables nor images",
                ),
            ),
        ):
            if files:
                listing = ", ".join(path.relative_to(self.root).as_posix() for path in files[:5])
                more = f" and {len(files) - 5} more" if len(files) > 5 else ""
                lines.append(
                    f"{self.root}: ignored {len(files)} {what[len(files) > 1]}: {listing}{more}"
                )
        return lines

    def find_image(self, cell: str) -> Path | str:
        """The image file a table cell names, inside the source; or what is wrong with it.

        A cell is a path relative to the source directory, or a bare file name found
        anywhere below it (which must then be the name of one file only).
        """
        name = cell.strip().replace("\\", "/")
        if PurePosixPath(name).is_absolute():
            return (
                f"{cell} is an absolute path; give a path or file name inside the source directory"
            )
        relative = os.path.normpath(name)
        if relative == ".." or relative.startswith("../"):
            return f"{cell} leaves the source directory; give a path or file name inside it"
        path = self.root / relative
        if "/" not in name:  # a bare file name (`./name` is the one at the top)
            named = [p for p in self.images if p.name == relative]
            named += [path] if path.is_file() and path not in named else []
            if len(named) > 1:
                listing = ", ".join(p.relative_to(self.root).as_posix() for p in named)
                return (
                    f"{cell} is the name of {len(named)} files ({listing}); give its path "
                    "under the source directory"
                )
            path = named[0] if named else path
        if not path.is_file():
            return f"{cell} not found under {self.root}; fix the name or add the file"
        real = path.resolve()
        if not any(real.is_relative_to(p) for p in (self.root.resolve(), *self.trusted)):
            where = "a file outside the source directory"
            return f"{cell} is a symlink to {where}; copy the file into {self.root}"
        return path

    def case_images(self, case_ids: set[str]) -> dict[Path, list[str]]:
        """For each image in a site folder, the cases it belongs to by its file name.

        An image belongs to case `C` when its name without suffix is `C`, or starts with
        `C_`: `K012.png`, `K012_1_mri.png` (never `K0123.png` or `K012-2.png`).
        """
        owners: dict[Path, list[str]] = {}
        for path in self.site_images:
            parts = path.stem.split("_")
            fits = ["_".join(parts[:n]) for n in range(1, len(parts) + 1)]
            owners[path] = [case_id for case_id in fits if case_id in case_ids]
        return owners


def scan(root: Path, trusted: tuple[Path, ...] = ()) -> Layout:
    """Find the tables and images under `root`, skipping hidden files and folders."""
    layout = Layout(root, trusted=tuple(p.resolve() for p in trusted))
    for path in sorted(root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if hidden or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            layout.images.append(path)
            site = _site_of_folder(path.parent.name)
            if site is not None:
                layout.site_images[path] = site
        elif suffix in TABLE_SUFFIXES:
            layout.tables += _read_tables(path, path.relative_to(root).as_posix())
        else:
            layout.other_files.append(path)
    return layout


def _site_of_folder(name: str) -> Site | None:
    match = SITE_FOLDER.match(name)
    if match is None:
        return None
    site = match.group(1).lower()
    return next(s for s in SITES if s == site)


def _read_tables(path: Path, file: str) -> list[Table]:
    try:
        if path.suffix == ".xlsx":
            sheets = pd.read_excel(
                path, sheet_name=None, dtype=str, keep_default_na=False, header=None
            )
            several = len(sheets) > 1
            return [Table(path, file, str(n), _headed(f), several) for n, f in sheets.items()]
        if path.suffix == ".csv":
            # every line counts, blank ones too, so that row numbers match the file
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                header=None,
                skip_blank_lines=False,
            )
            return [Table(path, file, None, _headed(frame))]
        return [Table(path, file, None, _json_table(path))]
    except BJEvalsError:
        raise
    except pd.errors.EmptyDataError:  # an empty file: reported as such, not an error
        return [Table(path, file, None, pd.DataFrame())]
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise BJEvalsError(
            f"{path}: cannot be read as a table ({' '.join(str(error).split())}); fix or remove it"
        ) from error


def _headed(frame: pd.DataFrame) -> pd.DataFrame:
    """The first row as the header (kept as written: pandas would rename repeated names)."""
    body: pd.DataFrame = frame.iloc[1:].reset_index(drop=True)
    if not frame.empty:
        body.columns = pd.Index([str(name).strip() for name in frame.iloc[0]])
    return body


def _json_table(path: Path) -> pd.DataFrame:
    """A JSON list of objects, or JSON Lines; a key given twice in one object is an error."""
    text = path.read_text(encoding="utf-8")
    records: object
    if path.suffix == ".jsonl":
        lines = text.splitlines()
        records = [
            _object(path, n, line) if line.strip() else {} for n, line in enumerate(lines, 1)
        ]
    else:
        records = _object(path, 0, text)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError("not a list of objects, one per row")
    frame = pd.DataFrame(records, dtype=object)
    cells: pd.DataFrame = frame.astype(object).where(frame.notna(), "")
    return cells


def _object(path: Path, row: int, text: str) -> object:
    """Parse one JSON text, refusing an object that gives a key twice (the last would win)."""

    def unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                where = f"{path}:{row}" if row else str(path)
                raise BJEvalsError(
                    f"{where}: {key}: appears {keys.count(key)} times in one record, so its "
                    "value is ambiguous; keep one"
                )
        return dict(pairs)

    return json.loads(text, object_pairs_hook=unique)
