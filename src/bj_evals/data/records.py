"""Read a canonical data directory into validated records, or say exactly what is wrong.

A canonical directory holds `cases.jsonl`, `mcqs.jsonl` and the image files they
reference (paths relative to the directory). Every problem is reported as one line,
`file:row: field: what is wrong; what to do`, before any model is called.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bj_evals.data.image_checks import image_problem
from bj_evals.data.json_objects import keep_repeats, repeated_keys
from bj_evals.data.problems import DataError, Problem, problem_from
from bj_evals.data.schema import Case, ImageRef, Mcq

CASES_FILE = "cases.jsonl"
MCQS_FILE = "mcqs.jsonl"

RecordT = TypeVar("RecordT", bound=BaseModel)


@dataclass(frozen=True)
class Row:
    """A validated record and where it came from."""

    file: str
    number: int


@dataclass(frozen=True)
class Benchmark:
    """All records of one data directory, validated."""

    root: Path
    cases: tuple[Case, ...]
    mcqs: tuple[Mcq, ...]
    case_rows: tuple[int, ...] = ()
    """The line of `cases.jsonl` each case was read from, for messages."""

    def case_row(self, index: int) -> int:
        """The line of `cases.jsonl` holding `cases[index]` (its position when not known)."""
        return self.case_rows[index] if index < len(self.case_rows) else index + 1

    def missing(self, field: str) -> list[int]:
        """The positions of the cases that lack the optional `field`."""
        return [n for n, case in enumerate(self.cases) if getattr(case, field) is None]

    def image_path(self, image: ImageRef) -> Path:
        """Absolute path of an image referenced by a record."""
        return self.root / image.path

    def mcqs_for(self, task: str) -> list[Mcq]:
        """The questions of task I, II or III, in file order."""
        return [mcq for mcq in self.mcqs if mcq.task == task]


def validate_directory(root: Path) -> list[Problem]:
    """Every problem of a data directory, including one that only task VIII meets."""
    try:
        benchmark = load_benchmark(root)
    except DataError as error:
        return error.problems
    sites = {case.site for case in benchmark.cases}
    if len(sites) != 1:
        return []
    return [
        Problem(
            CASES_FILE,
            1,
            "site",
            f"every case is a {sites.pop()} case, so task VIII has no image from another "
            "anatomical site to pair with; add cases from other sites",
        )
    ]


def load_benchmark(root: Path) -> Benchmark:
    """Load and validate a canonical directory; raise `DataError` naming every problem."""
    cases, problems = _read_records(root, CASES_FILE, Case)
    mcqs, mcq_problems = _read_records(root, MCQS_FILE, Mcq)
    problems += mcq_problems
    problems += _cross_record_problems(root, cases, mcqs)
    if problems:
        raise DataError(problems)
    return Benchmark(
        root=root,
        cases=tuple(case for case, _ in cases),
        mcqs=tuple(mcq for mcq, _ in mcqs),
        case_rows=tuple(row.number for _, row in cases),
    )


def _read_records(
    root: Path, name: str, model: type[RecordT]
) -> tuple[list[tuple[RecordT, Row]], list[Problem]]:
    path = root / name
    if not path.is_file():
        return [], [Problem(name, 0, "file", f"missing from {root}; create it (it may be empty)")]
    records: list[tuple[RecordT, Row]] = []
    problems: list[Problem] = []
    for number, line in _numbered_lines(path, problems):
        if not line.strip():
            continue
        try:
            raw = json.loads(line, object_pairs_hook=keep_repeats)
        except json.JSONDecodeError as error:
            problems.append(Problem(name, number, "json", f"{error.msg}; fix the JSON syntax"))
            continue
        repeated = [
            Problem(
                name,
                number,
                key,
                f"appears {count} times in this record, so its value is ambiguous; keep one",
            )
            for key, count in repeated_keys(raw)
        ]
        if repeated:
            problems += repeated
            continue
        try:
            records.append((model.model_validate(raw), Row(name, number)))
        except ValidationError as error:
            problems += [problem_from(name, number, detail) for detail in error.errors()]
    return records, problems


def _numbered_lines(path: Path, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(
                    Problem(path.name, number, "text", "not UTF-8; re-save the file as UTF-8")
                )


def _cross_record_problems(
    root: Path,
    cases: list[tuple[Case, Row]],
    mcqs: list[tuple[Mcq, Row]],
) -> list[Problem]:
    problems = _duplicate_ids(cases) + _duplicate_ids(mcqs)
    case_ids = {case.id for case, _ in cases}
    for mcq, row in mcqs:
        if mcq.case_id is not None and mcq.case_id not in case_ids:
            problems.append(
                Problem(
                    row.file,
                    row.number,
                    "case_id",
                    f"no case has id {mcq.case_id!r}; fix the id or add the case",
                )
            )
    problems += _image_problems(root, _image_refs(cases, mcqs))
    return problems


def _duplicate_ids(records: list[tuple[Case, Row]] | list[tuple[Mcq, Row]]) -> list[Problem]:
    counts = Counter(record.id for record, _ in records)
    return [
        Problem(
            row.file,
            row.number,
            "id",
            f"{record.id!r} is used {counts[record.id]} times; give each record its own id",
        )
        for record, row in records
        if counts[record.id] > 1
    ]


def _image_refs(
    cases: list[tuple[Case, Row]], mcqs: list[tuple[Mcq, Row]]
) -> Iterable[tuple[ImageRef, Row, str]]:
    for case, row in cases:
        for index, image in enumerate(case.images):
            yield image, row, f"images.{index}.path"
    for mcq, row in mcqs:
        if mcq.image is not None:
            yield mcq.image, row, "image.path"


def _image_problems(root: Path, refs: Iterable[tuple[ImageRef, Row, str]]) -> list[Problem]:
    refs = list(refs)
    paths = list(dict.fromkeys(image.path for image, _, _ in refs))
    # every image is decoded in full: on every core (Pillow decodes without the GIL)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        checked = dict(
            zip(paths, pool.map(lambda path: image_problem(root, path), paths), strict=True)
        )
    return [
        Problem(row.file, row.number, field, message)
        for image, row, field in refs
        if (message := checked[image.path])
    ]
