"""`bj-evals import`: turn a snapshot or the user's spreadsheets into a canonical directory.

Every table under the source is imported (as cases, or as questions) or reported as
ignored, with the reason. Rows are converted exactly (`conversion.py`), problems are
named by the source file, row and column, and the output is written atomically
(`staging.py`), then checked to hold exactly the converted rows.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import track

from bj_evals.data.problems import DataError, Problem
from bj_evals.data.records import CASES_FILE, MCQS_FILE, load_benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing.cells import task_in_name
from bj_evals.importing.conversion import Converter
from bj_evals.importing.layout import Layout, Table, scan
from bj_evals.importing.mapping import ColumnMap, Kind, TableMap, recognise
from bj_evals.importing.plan import Origin, Planned, column_problem
from bj_evals.importing.staging import refuse_existing, write_atomically
from bj_evals.task_table import MCQ, ids

CONVERTER_VERSION = 2
"""Bumped whenever the conversion changes what it writes; part of the `source=hf` cache path."""

STDERR = Console(stderr=True)
"""Progress goes to stderr: stdout carries the command's report."""

PROGRESS_FROM = 50
"""Show a progress bar when an import copies at least this many images."""

KINDS: tuple[Kind, Kind] = ("cases", "mcqs")


def import_dataset(
    source: Path,
    to: Path,
    column_map: ColumnMap | None = None,
    *,
    report: Callable[[str], None] | None = None,
    trusted: tuple[Path, ...] = (),
) -> Path:
    """Convert `source` into a canonical directory at `to`, which must be absent or empty.

    `report` receives one line per table, and one for files no record uses; `trusted`
    names directories outside `source` that its symlinks may point into (a hub cache's
    blob store).
    """
    refuse_existing(to)
    layout = scan(source, trusted)
    plan, ignored, problems = _plan(layout, column_map or ColumnMap())
    converter = Converter(layout, [p for p in plan if p.kind == "cases"])
    read = {p.table.name: (p, *converter.convert(p)) for p in plan}
    converter.check_across_tables()
    problems += converter.problems
    imported = {name: _imported(*found, written=not problems) for name, found in read.items()}
    lines = [
        f"{source}/{table.name}: {imported.get(table.name) or ignored[table.name]}"
        for table in layout.tables
        if table.name in imported or table.name in ignored
    ]
    for line in [*lines, *layout.unused(converter.referenced)]:
        if report:
            report(line)
    if problems:
        raise DataError(problems)
    if not plan:
        raise BJEvalsError(
            f"{source}: unrecognised layout, no table of cases or questions found "
            f"({layout.describe()}). Write a column map (docs/data-format.md) and run: "
            f"bj-evals import {layout.root} --to <dir> --map <map.yaml>, then use -T source=<dir>."
        )
    write_atomically(to, lambda staging: _write_and_verify(staging, converter))
    return to


def _plan(
    layout: Layout, column_map: ColumnMap
) -> tuple[list[Planned], dict[str, str], list[Problem]]:
    """Which tables to import as what, why the others are ignored, and what is wrong.

    The tables a map names for a kind are the only tables of that kind; for a kind it
    does not name, every table whose columns fit is taken.
    """
    mapped: dict[str, tuple[Kind, TableMap]] = {}
    for kind in KINDS:
        for table_map in getattr(column_map, kind):
            table = _table_for(layout, table_map)
            if mapped.setdefault(table.name, (kind, table_map))[0] != kind:
                raise BJEvalsError(f"{table.name}: the map names it for both cases and questions")
    plan: list[Planned] = []
    ignored: dict[str, str] = {}
    problems: list[Problem] = []
    for table in layout.tables:
        if table.name in mapped:
            plan.append(_planned(table, *mapped[table.name]))
            continue
        found = {kind: recognise(table.columns, kind) for kind in KINDS}
        fitting = [kind for kind in KINDS if not found[kind].missing]
        if len(fitting) > 1:
            message = "fit both cases and questions; name the table in a --map"
            problems.append(Problem(table.name, 0, "columns", message))
        elif fitting and getattr(column_map, fitting[0]):
            named = ", ".join(_map_name(m) for m in getattr(column_map, fitting[0]))
            what = "cases" if fitting[0] == "cases" else "questions"
            ignored[table.name] = f"ignored because the map names the {what} tables ({named})"
        elif fitting:
            plan.append(_planned(table, fitting[0], None))
        elif not table.columns:
            ignored[table.name] = "ignored because it is empty"
        else:
            ignored[table.name] = (
                f"ignored because its columns ({', '.join(table.columns)}) name neither a case "
                f"(no {', '.join(found['cases'].missing)}) nor a question (no "
                f"{', '.join(found['mcqs'].missing)})"
            )
    usable = []
    for planned in plan:
        problems += [column_problem(planned, 0, *problem) for problem in planned.found.problems]
        if planned.found.missing:
            missing = ", ".join(planned.found.missing)
            message = (
                f"no column for {missing}; name them in the map's columns (docs/data-format.md)"
            )
            problems.append(Problem(planned.table.name, 0, "columns", message))
        if not planned.found.problems and not planned.found.missing:
            usable.append(planned)  # rows of the others would only repeat the problem
    return usable, ignored, problems


def _planned(table: Table, kind: Kind, table_map: TableMap | None) -> Planned:
    task = None
    if kind == "mcqs":
        task = task_in_name(table.sheet or "") or task_in_name(Path(table.file).stem)
    found = recognise(table.columns, kind, table_map)
    return Planned(table, kind, found, table_map.defaults if table_map else {}, task)


def _map_name(table_map: TableMap) -> str:
    return table_map.file + (f"[{table_map.sheet}]" if table_map.sheet else "")


def _table_for(layout: Layout, table_map: TableMap) -> Table:
    """The table a map names, or a one-line error naming the tables there are."""
    for table in layout.tables:
        if table.file == table_map.file and table_map.sheet in (None, table.sheet):
            return table
    raise BJEvalsError(
        f"{layout.root}: the map names {_map_name(table_map)}, which is not there "
        f"({layout.describe()}); fix the map's file or sheet."
    )


def _imported(planned: Planned, records: list[dict[str, Any]], rows: int, written: bool) -> str:
    """`imported as questions of task I (12 rows); columns not imported: Notes`."""
    count = f"{rows} row{'' if rows == 1 else 's'}"
    kind = "cases" if planned.kind == "cases" else "questions"
    tasks = Counter(record.get("task") for record in records)
    if not written:
        line = f"read as {kind} ({count}; nothing written, see the problems)"
    elif planned.kind == "cases":
        line = f"imported as cases ({count})"
    elif len(tasks) <= 1:
        line = f"imported as questions of task {next(iter(tasks), planned.task or '-')} ({count})"
    else:
        counts = ", ".join(f"{tasks[task]} of task {task}" for task in ids(MCQ) if tasks[task])
        line = f"imported as questions ({counts})"
    unused = planned.found.unused(planned.table.columns)
    return f"{line}; columns not imported: {', '.join(unused)}" if unused else line


def _write_and_verify(root: Path, converter: Converter) -> None:
    """Write the records and images, then check they load as exactly the converted rows."""
    for name, kind in ((CASES_FILE, "cases"), (MCQS_FILE, "mcqs")):
        records = converter.records[kind]  # type: ignore[index]
        lines = (json.dumps(record, ensure_ascii=False) + "\n" for record, _ in records)
        (root / name).write_text("".join(lines), encoding="utf-8")
    items = sorted(converter.images.items())
    shown = items if len(items) < PROGRESS_FROM else track(items, "Copying images", console=STDERR)
    for relative, source in shown:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # a hard link costs no space; copy across devices
        except OSError:
            shutil.copyfile(source, target)
    origins = {kind: [origin for _, origin in converter.records[kind]] for kind in KINDS}
    try:
        loaded = load_benchmark(root)
    except DataError as error:  # name the source rows, not the lines just written
        raise DataError([_at_source(p, origins) for p in error.problems]) from error
    problems = [
        Problem(name, 0, "records", "differ from the converted rows; report this bug")
        for name, kind, written in (
            (CASES_FILE, "cases", loaded.cases),
            (MCQS_FILE, "mcqs", loaded.mcqs),
        )
        if [r.model_dump(exclude_none=True) for r in written]
        != [record for record, _ in converter.records[kind]]  # type: ignore[index]
    ]
    for mcq, origin in zip(loaded.mcqs, origins["mcqs"], strict=True):
        letter = origin.cell("answer").upper()
        if mcq.answer != letter:
            message = f"written as {mcq.answer!r} but the source says {letter!r}; report this bug"
            problems.append(origin.problem("answer", message))
    if problems:
        raise DataError(problems)


def _at_source(problem: Problem, origins: dict[Kind, list[Origin]]) -> Problem:
    """A problem of a written line, moved to the source row it came from."""
    if not problem.row:
        return problem
    origin = origins["cases" if problem.file == CASES_FILE else "mcqs"][problem.row - 1]
    return column_problem(origin.planned, origin.row, problem.field, problem.message)
