"""`bj-evals import`: turn a snapshot or the user's spreadsheets into a canonical directory.

Rows are converted with a column map, validated against the schema with problems
named by the source file, row and column, and written atomically: a failed import
leaves no directory behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rich.progress import track

from bj_evals.data.layout import Layout, Table, find_map, scan, table_for
from bj_evals.data.mapping import ColumnMap, TableMap
from bj_evals.data.records import (
    CASES_FILE,
    MCQS_FILE,
    DataError,
    Problem,
    load_benchmark,
    problem_from,
)
from bj_evals.data.schema import IMAGING_MODALITIES, Case, Mcq
from bj_evals.errors import BJEvalsError

PROGRESS_FROM = 50
"""Show a progress bar when an import copies at least this many images."""

MODALITY_WORDS = {
    "mri": "MRI",
    "mr": "MRI",
    "ct": "CT",
    "xray": "X-ray",
    "x-ray": "X-ray",
    "dr": "X-ray",
    "cr": "X-ray",
    "radiograph": "X-ray",
}
TASK_WORDS = {"iii": "III", "ii": "II", "i": "I", "3": "III", "2": "II", "1": "I"}


def import_dataset(source: Path, to: Path, column_map: ColumnMap | None = None) -> Path:
    """Convert `source` into a canonical directory at `to`, which must not exist yet."""
    if to.exists() and any(to.iterdir()):
        raise BJEvalsError(
            f"{to}: already exists and is not empty; choose another --to or remove it"
        )
    layout = scan(source)
    found = find_map(layout, column_map, str(source))
    converter = _Converter(layout)
    cases = converter.rows(found.cases, Case) if found.cases else []
    mcqs = converter.rows(found.mcqs, Mcq) if found.mcqs else []
    if converter.problems:
        raise DataError(converter.problems)
    to.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{to.name}.", dir=to.parent))
    try:
        _write(staging, cases, mcqs, converter.images)
        load_benchmark(staging)  # the result must load exactly as a task will load it
        if to.exists():
            to.rmdir()
        os.replace(staging, to)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return to


class _Converter:
    """Turns table rows into canonical records, collecting problems and images to copy."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.problems: list[Problem] = []
        self.images: dict[str, Path] = {}

    def rows(self, table_map: TableMap, model: type[BaseModel]) -> list[dict[str, Any]]:
        table = table_for(self.layout, table_map.file, table_map.sheet)
        records = []
        for index, row in table.frame.iterrows():
            number = table.row_number(int(str(index)))
            cells = {str(column): value for column, value in row.items()}
            record = self._record(table, table_map, cells, model, number)
            try:
                records.append(model.model_validate(record).model_dump(exclude_none=True))
            except ValidationError as error:
                self.problems += [
                    self._problem(table, table_map, number, d) for d in error.errors()
                ]
        return records

    def _record(
        self,
        table: Table,
        table_map: TableMap,
        row: dict[str, Any],
        model: type[BaseModel],
        number: int,
    ) -> dict[str, Any]:
        cells = {field: _text(row.get(column)) for field, column in table_map.columns.items()}
        values: dict[str, Any] = {
            field: value for field, value in (table_map.defaults | cells).items() if value
        }
        if "site" in values:
            values["site"] = re.sub(r"^\d*[_\- ]?", "", values["site"]).lower()
        if model is Case:
            values["expert_diagnosis"] = _items(
                row.get(table_map.columns.get("expert_diagnosis", ""))
            )
            values["images"] = self._case_images(values, row, table_map, table, number)
            values.pop("modality", None)
            return values
        values["options"] = [_text(row.get(column)) for column in table_map.options]
        values["answer"] = values.get("answer", "").strip().upper()[:1] or None
        task = (
            _task_value(values["task"]) if "task" in values else _task_from(table.path.stem, values)
        )
        values["task"] = task or values.get("task")
        if "image" in values:
            values["image"] = self._image(
                values.pop("image"), values.pop("modality", None), table, number
            )
        values.pop("modality", None)
        return values

    def _case_images(
        self,
        values: dict[str, Any],
        row: dict[str, Any],
        table_map: TableMap,
        table: Table,
        number: int,
    ) -> list[dict[str, str]]:
        listed = _items(row.get(table_map.columns.get("images", "")), r"[\n;,|]")
        paths = listed or [
            str(p.relative_to(self.layout.root)) for p in self._images_of_case(values.get("id", ""))
        ]
        modality = values.get("modality")
        return [image for p in paths if (image := self._image(p, modality, table, number))]

    def _images_of_case(self, case_id: str) -> Iterator[Path]:
        prefix = re.compile(rf"^{re.escape(case_id)}($|[_\-. ])", re.IGNORECASE)
        return (path for path in self.layout.site_images if case_id and prefix.match(path.stem))

    def _image(
        self, name: str, modality: str | None, table: Table, number: int
    ) -> dict[str, str] | None:
        path = self.layout.root / name
        if not path.is_file():
            matches = [p for p in self.layout.site_images if p.name == Path(name).name]
            path = matches[0] if len(matches) == 1 else path
        if not path.is_file():
            self.problems.append(
                Problem(
                    table.name,
                    number,
                    "image",
                    f"{name} not found under {self.layout.root}; fix the name or add the file",
                )
            )
            return None
        found = modality or _modality_from(path.stem)
        if found is None:
            self.problems.append(
                Problem(
                    table.name,
                    number,
                    "modality",
                    f"no modality column and none in the file name {path.name}; add a modality column or defaults: {{modality: X-ray}} to the map",
                )
            )
            return None
        relative = f"images/{path.relative_to(self.layout.root).as_posix()}"
        self.images[relative] = path
        return {"path": relative, "modality": found}

    def _problem(self, table: Table, table_map: TableMap, number: int, detail: Any) -> Problem:
        problem = problem_from(table.name, number, detail)
        field = problem.field.split(".")[0]
        column = table_map.columns.get(field)
        if column and column != field:
            problem = replace(problem, field=f"{column} ({problem.field})")
        return problem


def _write(
    root: Path, cases: list[dict[str, Any]], mcqs: list[dict[str, Any]], images: dict[str, Path]
) -> None:
    for name, records in ((CASES_FILE, cases), (MCQS_FILE, mcqs)):
        lines = (json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        (root / name).write_text("".join(lines), encoding="utf-8")
    items = sorted(images.items())
    if len(items) >= PROGRESS_FROM:
        items = list(track(items, description="Copying images"))
    for relative, source in items:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source.resolve(), target)  # a hard link costs no space; copy across devices
        except OSError:
            shutil.copyfile(source, target)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return "\n".join(map(str, value)) if isinstance(value, list) else str(value).strip()


def _items(value: object, separators: str = r"\n") -> list[str]:
    """A list cell: a JSON list, or text split at `separators`, numbering removed."""
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    parts = re.split(separators, _text(value))
    return [re.sub(r"^\s*\d+[.)]\s*", "", part).strip() for part in parts if part.strip()]


def _modality_from(stem: str) -> str | None:
    words = re.split(r"[_\-. ]", stem.lower())
    found = [MODALITY_WORDS[w] for w in words if w in MODALITY_WORDS]
    return found[0] if found and found[0] in IMAGING_MODALITIES else None


def _task_value(text: str) -> str | None:
    """`I`, `Task 2`, `task_III`, `knowledge recall`... as I, II or III."""
    lowered = text.lower().replace("task", " ")
    words = [w for w in re.split(r"[_\-. ]", lowered) if w]
    if len(words) == 1 and words[0] in TASK_WORDS:
        return TASK_WORDS[words[0]]
    return _task_from(lowered, {})


def _task_from(stem: str, values: dict[str, Any]) -> str | None:
    if "image" in values:
        return "III"
    words = re.split(r"[_\-. ]", stem.lower())
    for word in words:
        if word in TASK_WORDS:
            return TASK_WORDS[word]
    lowered = stem.lower()
    hints = (
        ("knowledge", "I"),
        ("note", "II"),
        ("clinical", "II"),
        ("image", "III"),
        ("radiolog", "III"),
    )
    return next((task for word, task in hints if word in lowered), None)
