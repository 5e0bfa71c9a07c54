"""Which source columns hold which canonical fields: the `bj-evals import --map` file.

A map names, for the cases and for the questions, one or more tables and the column
of any canonical field. Columns it leaves out, and every column of a table no map
names, are recognised by the names in `ALIASES` (compared without case, spaces or
punctuation); a field two columns could both be is an error, never a guess.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bj_evals.errors import BJEvalsError

Kind = Literal["cases", "mcqs"]

CASE_FIELDS = ("id", "site", "disease", "history", "physical_exam", "labs")
"""The columns a table needs to be taken for the cases."""
CASE_OPTIONAL = (
    "radiology_report",
    "expert_diagnosis",
    "expert_diagnostic_reasoning",
    "expert_treatment_plan",
    "expert_treatment_reasoning",
    "images",
    "modality",
)
MCQ_FIELDS = ("id", "stem", "answer")
"""The columns a table needs, with five option columns, to be taken for questions."""
MCQ_OPTIONAL = ("task", "image", "modality", "site", "case_id")
OPTION_LETTERS = ("A", "B", "C", "D", "E")
OPTIONS = "options A-E"

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "case id", "case_id", "question id", "qid", "no", "number"),
    "site": ("site", "anatomical site", "body part", "region", "location", "label"),
    "disease": ("disease", "disease category", "condition", "category"),
    "history": (
        "history",
        "medical history",
        "present illness",
        "clinical history",
        "chief complaint and history",
    ),
    "physical_exam": ("physical exam", "physical examination", "examination", "exam", "signs"),
    "labs": ("labs", "lab", "laboratory", "laboratory tests", "laboratory results", "lab results"),
    "radiology_report": ("radiology report", "imaging report", "report", "imaging findings"),
    "expert_diagnosis": ("expert diagnosis", "diagnosis", "diagnoses", "final diagnosis"),
    "expert_diagnostic_reasoning": (
        "expert diagnostic reasoning",
        "diagnostic reasoning",
        "diagnosis reasoning",
        "diagnostic rationale",
    ),
    "expert_treatment_plan": ("expert treatment plan", "treatment plan", "treatment", "management"),
    "expert_treatment_reasoning": (
        "expert treatment reasoning",
        "treatment reasoning",
        "treatment rationale",
    ),
    "images": ("images", "image paths", "image files", "image"),
    "modality": ("modality", "imaging modality", "image type"),
    "task": ("task", "task id", "question type", "type"),
    "stem": ("stem", "question", "question text", "prompt"),
    "answer": ("answer", "correct answer", "correct option", "key", "ground truth"),
    "image": ("image", "image path", "image file", "file_name", "filename"),
    "case_id": ("case id", "case_id", "case"),
}
OPTION_ALIASES = ("{letter}", "option {letter}", "option_{letter}", "choice {letter}", "{letter}.")


def normalise(column: str) -> str:
    """A column name without case, spaces or punctuation, for matching."""
    return re.sub(r"[^a-z0-9]", "", column.lower())


class TableMap(BaseModel):
    """One table file (a sheet of a workbook) and the column behind each canonical field."""

    model_config = ConfigDict(extra="forbid")

    file: str
    sheet: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    options: list[str] = Field(default_factory=list)
    defaults: dict[str, str] = Field(default_factory=dict)


class ColumnMap(BaseModel):
    """The whole map: the tables of cases and of questions (one table or a list of them)."""

    model_config = ConfigDict(extra="forbid")

    cases: list[TableMap] = Field(default_factory=list)
    mcqs: list[TableMap] = Field(default_factory=list)

    @field_validator("cases", "mcqs", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value or []


def load_map(path: Path) -> ColumnMap:
    """Read a map file (YAML or JSON); a bad one fails in one line."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        return ColumnMap.model_validate(raw)
    except (OSError, ValueError, yaml.YAMLError) as error:
        detail = error.errors()[0] if isinstance(error, ValidationError) else None
        where = ".".join(str(p) for p in detail["loc"]) if detail else "file"
        message = detail["msg"] if detail else " ".join(str(error).split())
        raise BJEvalsError(f"{path}: {where}: {message}; see docs/data-format.md") from error


@dataclass
class Recognised:
    """The columns of one table for each field, what is missing, and what is wrong."""

    columns: dict[str, str] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(field, message) pairs: map columns the table lacks, columns two fields could be."""

    def unused(self, columns: list[str]) -> list[str]:
        """The columns of the table that no field takes."""
        taken = {*self.columns.values(), *self.options}
        return [column for column in columns if column not in taken]


def recognise(columns: list[str], kind: Kind, given: TableMap | None = None) -> Recognised:
    """Map `columns` to the fields of `kind`: the map's columns first, the others by name."""
    given = given or TableMap(file="")
    required = CASE_FIELDS if kind == "cases" else MCQ_FIELDS
    known = (*required, *(CASE_OPTIONAL if kind == "cases" else MCQ_OPTIONAL))
    found = Recognised()
    for name, column in given.columns.items():
        if name not in known:
            found.problems.append((name, f"not a field of {kind}; use one of {', '.join(known)}"))
        else:
            found.columns[name] = column  # when absent, still the map's (the problem says so)
            if column not in columns:
                found.problems.append((name, _absent(column, columns)))
    for column in given.options:
        if column not in columns:
            found.problems.append(("options", _absent(column, columns)))
    by_name: dict[str, list[str]] = {}
    for column in columns:
        by_name.setdefault(normalise(column), []).append(column)
    candidates: dict[str, list[str]] = {}
    taken = set(found.columns.values()) | set(given.options)
    for name in known:
        if name not in found.columns:
            candidates[name] = _named(ALIASES[name], by_name, taken)
            if candidates[name]:
                found.columns[name] = candidates[name][0]
                taken.add(candidates[name][0])
    if kind == "mcqs":
        found.options = list(given.options)
        for letter in OPTION_LETTERS if not given.options else ():
            names = [alias.format(letter=letter) for alias in OPTION_ALIASES]
            candidates[f"options.{letter}"] = _named(names, by_name, taken)
            if candidates[f"options.{letter}"]:
                found.options.append(candidates[f"options.{letter}"][0])
                taken.add(found.options[-1])
        if len(found.options) != len(OPTION_LETTERS):
            found.missing.append(OPTIONS)
    for name, names in candidates.items():
        spare = [column for column in names[1:] if column not in taken]
        if spare:
            what = name.replace("options.", "option ")
            found.problems.append(
                (
                    name,
                    f"the columns {names[0]} and {spare[0]} could both be {what}; name one in a "
                    "--map (docs/data-format.md)",
                )
            )
    found.missing[:0] = [name for name in required if name not in found.columns]
    return found


def _named(
    aliases: tuple[str, ...] | list[str], by_name: dict[str, list[str]], taken: set[str]
) -> list[str]:
    """The untaken columns called by one of `aliases`, in the aliases' order."""
    named = [c for alias in aliases for c in by_name.get(normalise(alias), []) if c not in taken]
    return list(dict.fromkeys(named))


def _absent(column: str, columns: list[str]) -> str:
    return (
        f"the map names a column {column}, which this table does not have (columns: "
        f"{', '.join(columns)}); fix the map"
    )
