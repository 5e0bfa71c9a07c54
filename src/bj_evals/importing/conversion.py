"""Table rows to canonical records: every cell taken exactly as written, or a problem naming it.

Nothing is cut or guessed: an answer is one letter A-E or an error; an image is a
file inside the source directory, matched to a case by an exact rule; a question's
task comes from its row or its table's name, or is reported missing.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bj_evals.data.image_checks import image_problem
from bj_evals.data.problems import Problem, problem_from
from bj_evals.data.schema import LETTERS, SITES, Case, Mcq
from bj_evals.importing.cells import (
    cell_items,
    cell_text,
    modality_in_cell,
    modality_in_name,
    one_of,
    task_in_cell,
)
from bj_evals.importing.layout import Layout
from bj_evals.importing.mapping import Kind
from bj_evals.importing.plan import Origin, Planned
from bj_evals.task_table import IMAGE_QUESTIONS, MCQ, ids


class Converter:
    """Converts planned tables into records, collecting problems and the images to copy."""

    def __init__(self, layout: Layout, case_tables: list[Planned]) -> None:
        self.layout = layout
        self.problems: list[Problem] = []
        self.images: dict[str, Path] = {}
        """The output path of each image (`images/...`) and the file it is copied from."""
        self.records: dict[Kind, list[tuple[dict[str, Any], Origin]]] = {"cases": [], "mcqs": []}
        self.referenced: set[Path] = set()
        """Every image file a row names, with or without problems."""
        self._sources: dict[str, Path] = {}
        ids = {
            cell_text(value)
            for planned in case_tables
            if "id" in planned.found.columns
            for value in planned.table.frame[planned.found.columns["id"]].to_numpy().ravel()
        }
        self._owners = layout.case_images(ids)
        self._images_of: dict[str, list[Path]] = {}
        for path, owners in self._owners.items():  # the images of each case, in name order
            for owner in owners:
                self._images_of.setdefault(owner, []).append(path)
        self._reported_images: set[Path] = set()

    def convert(self, planned: Planned) -> tuple[list[dict[str, Any]], int]:
        """The valid records of `planned` (invalid rows are left out) and its non-blank rows."""
        table, model = planned.table, Case if planned.kind == "cases" else Mcq
        converted = []
        without_task = rows = 0
        for index, row in enumerate(table.frame.to_numpy().tolist()):
            cells = dict(zip(table.columns, row, strict=True))
            if not any(cell_text(value) for value in cells.values()):
                continue  # a blank line holds nothing to lose
            rows += 1
            origin = Origin(planned, table.row_number(index), cells)
            reported: set[str] = set()  # fields with a problem already
            if planned.kind == "cases":
                values = self._case(origin, reported)
            else:
                values = self._question(origin, reported)
                if "task" not in values and "task" not in reported:
                    without_task += 1
                    reported.add("task")  # one problem for the table, below
            try:
                record = model.model_validate(values).model_dump(exclude_none=True)
            except ValidationError as error:
                problems = [problem_from(table.name, origin.row, d) for d in error.errors()]
                self.problems += [
                    origin.problem(p.field, p.message)
                    for p in problems
                    if p.field.split(".")[0] not in reported
                ]
                continue
            if not reported:
                self.records[planned.kind].append((record, origin))
                converted.append(record)
        if without_task:
            self.problems.append(
                Problem(
                    table.name,
                    0,
                    "task",
                    "no Task column, and the table's name does not say which task its "
                    f"{without_task} questions without an image belong to; add a Task column (I, "
                    "II or III) or name the file or sheet after its task (task1.csv, "
                    "knowledge.csv, notes.csv)",
                )
            )
        return converted, rows

    def check_across_tables(self) -> None:
        """Ids used twice (in one table or several) and questions naming unknown cases."""
        for kind in ("cases", "mcqs"):
            counts = Counter(record["id"] for record, _ in self.records[kind])
            for record, origin in self.records[kind]:
                if counts[record["id"]] > 1:
                    self.problems.append(
                        origin.problem(
                            "id",
                            f"{record['id']!r} is used {counts[record['id']]} times; give each "
                            "record its own id",
                        )
                    )
        case_ids = {record["id"] for record, _ in self.records["cases"]}
        for record, origin in self.records["mcqs"]:
            if "case_id" in record and record["case_id"] not in case_ids:
                message = f"no case has id {record['case_id']!r}; fix the id or add the case"
                self.problems.append(origin.problem("case_id", message))

    def _fields(self, origin: Origin) -> dict[str, Any]:
        """The text of every mapped column, the map's defaults filling empty cells."""
        values = {name: origin.cell(name) for name in origin.planned.found.columns}
        defaults = {k: v for k, v in origin.planned.defaults.items() if k != "modality"}
        values = defaults | {name: value for name, value in values.items() if value}
        if "site" in values:
            values["site"] = re.sub(r"^\d*[_\- ]?", "", values["site"]).lower()
        return values

    def _refuse(self, origin: Origin, reported: set[str], name: str, message: str) -> None:
        """Record a problem with field `name` of this row (its record is then not written)."""
        reported.add(name)
        self.problems.append(origin.problem(name, message))

    def _case(self, origin: Origin, reported: set[str]) -> dict[str, Any]:
        values = self._fields(origin)
        values.pop("expert_diagnosis", None)
        if diagnoses := cell_items(origin.cell("expert_diagnosis"), numbered=True):
            values["expert_diagnosis"] = diagnoses
        modality = values.pop("modality", None)
        paths = cell_items(values.pop("images", "")) or self._matched(origin, values, reported)
        images = [self._image(origin, "images", path, modality, reported) for path in paths]
        targets = [image["path"] for image in images if image]
        if len(set(targets)) < len(targets):
            twice = next(target for target in targets if targets.count(target) > 1)
            message = f"lists the file {twice.removeprefix('images/')} twice; list it once"
            self._refuse(origin, reported, "images", message)
        if not paths and "images" not in reported:
            case_id = values.get("id", "")
            self._refuse(
                origin,
                reported,
                "images",
                f"no image: the case lists none and no file in a site folder is named after it "
                f"({case_id}.png or {case_id}_*.png); add an Images column or the files",
            )
        return values | {"images": images}

    def _matched(self, origin: Origin, values: dict[str, Any], reported: set[str]) -> list[str]:
        """The site-folder images named after this case, checked against its site."""
        case_id, site = values.get("id", ""), values.get("site")
        paths = self._images_of.get(case_id, [])
        for path in paths:
            relative, owners = path.relative_to(self.layout.root).as_posix(), self._owners[path]
            if len(owners) > 1 and path not in self._reported_images:
                self._reported_images.add(path)
                message = (
                    f"{relative} fits the ids of cases {' and '.join(owners)}; list each case's "
                    "images in an Images column"
                )
                self._refuse(origin, reported, "images", message)
            elif len(owners) == 1 and site in SITES and self.layout.site_images[path] != site:
                message = (
                    f"{relative} is in a {self.layout.site_images[path]} folder but case "
                    f"{case_id} is a {site} case; move the file or fix the site"
                )
                self._refuse(origin, reported, "images", message)
        return [path.relative_to(self.layout.root).as_posix() for path in paths]

    def _question(self, origin: Origin, reported: set[str]) -> dict[str, Any]:
        values = self._fields(origin)
        values["options"] = [
            cell_text(origin.cells[column]) for column in origin.planned.found.options
        ]
        answer = values.pop("answer", "")
        if answer.upper() in LETTERS:
            values["answer"] = answer.upper()
        elif answer:
            message = f"{answer!r} is not one letter A-E; write the correct option's letter alone"
            self._refuse(origin, reported, "answer", message)
        modality = values.pop("modality", None)
        if "image" in values:
            values["image"] = self._image(origin, "image", values["image"], modality, reported)
        if "task" in values:
            values["task"] = task_in_cell(values["task"])
            if values["task"] is None:
                message = f"{origin.cell('task')!r} is not a task; write {one_of(ids(MCQ))}"
                self._refuse(origin, reported, "task", message)
        elif "image" in values:
            values["task"] = IMAGE_QUESTIONS.id
        elif origin.planned.task:
            values["task"] = origin.planned.task
        return values

    def _image(
        self, origin: Origin, name: str, cell: str, modality: str | None, reported: set[str]
    ) -> dict[str, str] | None:
        """The image record for a cell, its file queued for copying; None after a problem."""
        found = self.layout.find_image(cell)
        if isinstance(found, str):
            self._refuse(origin, reported, name, found)
            return None
        self.referenced.add(found.resolve())
        default = origin.planned.defaults.get("modality")
        # the row's Modality, else a word of the file name, else the map's default
        chosen = modality_in_cell(modality or "") or modality_in_name(found.stem)
        chosen = chosen or modality_in_cell(default or "")
        relative = found.relative_to(self.layout.root).as_posix()
        target = relative if relative.startswith("images/") else f"images/{relative}"
        first = self._sources.setdefault(target, found)
        real = found.resolve()
        unreadable = image_problem(real.parent, real.name)  # the file itself, not its link
        if unreadable:
            self._refuse(origin, reported, name, relative + unreadable.removeprefix(real.name))
        elif chosen is None:
            message = (
                f"no modality column and none in the file name {found.name}; add a modality "
                "column or defaults: {modality: X-ray} to the map"
            )
            self._refuse(origin, reported, name, message)
        elif first != found:
            other = first.relative_to(self.layout.root).as_posix()
            message = f"{relative} and {other} would both be written as {target}; rename one"
            self._refuse(origin, reported, name, message)
        else:
            self.images[target] = real
            return {"path": target, "modality": chosen}
        return None
