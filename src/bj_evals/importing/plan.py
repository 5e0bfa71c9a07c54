"""What an import reads from where: each table's plan, and each row's origin in the source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bj_evals.data.problems import Problem
from bj_evals.importing.cells import cell_text
from bj_evals.importing.layout import Table
from bj_evals.importing.mapping import Kind, Recognised
from bj_evals.task_table import McqTaskId


@dataclass
class Planned:
    """A table to import as `kind`, its columns, and the task its name gives (questions)."""

    table: Table
    kind: Kind
    found: Recognised
    defaults: dict[str, str] = field(default_factory=dict)
    task: McqTaskId | None = None


@dataclass(frozen=True)
class Origin:
    """Where a record comes from: a table's row, and its cells as the source wrote them."""

    planned: Planned
    row: int
    cells: dict[str, Any]

    def problem(self, name: str, message: str) -> Problem:
        """A problem at this row, naming the source column of field `name` as well."""
        return column_problem(self.planned, self.row, name, message)

    def cell(self, name: str) -> str:
        """The text of the column holding field `name` ("" when no column does)."""
        column = self.planned.found.columns.get(name)
        return cell_text(self.cells[column]) if column else ""


def column_problem(planned: Planned, row: int, name: str, message: str) -> Problem:
    """`Column (field)` when the column is not spelt like the field, else the field alone."""
    base, _, rest = name.partition(".")
    column = planned.found.columns.get(base)
    if base == "options" and rest[:1].isdigit():
        column = planned.found.options[int(rest.split(".")[0])]
    if name.endswith(".modality") and "modality" in planned.found.columns:
        column = planned.found.columns["modality"]
    shown = f"{column} ({name})" if column and column != name else name
    return Problem(planned.table.name, row, shown, message)
