"""Which source columns hold which canonical fields: the `bj-evals import --map` file.

A map names, for the cases and for the questions, the table file and the column
of every canonical field. Without a map, columns are recognised by the names in
`ALIASES` (compared without case, spaces or punctuation).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bj_evals.errors import BJEvalsError

CASE_FIELDS = (
    "id",
    "site",
    "disease",
    "history",
    "physical_exam",
    "labs",
    "radiology_report",
    "expert_diagnosis",
    "expert_diagnostic_reasoning",
    "expert_treatment_plan",
    "expert_treatment_reasoning",
)
CASE_OPTIONAL = ("images", "modality")
MCQ_FIELDS = ("id", "task", "stem", "answer")
MCQ_OPTIONAL = ("image", "modality", "site", "case_id")
OPTION_LETTERS = ("A", "B", "C", "D", "E")

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
    """One table file and the column behind each canonical field."""

    model_config = ConfigDict(extra="forbid")

    file: str
    sheet: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    options: list[str] = Field(default_factory=list)
    defaults: dict[str, str] = Field(default_factory=dict)


class ColumnMap(BaseModel):
    """The whole map: where the cases and the questions are."""

    model_config = ConfigDict(extra="forbid")

    cases: TableMap | None = None
    mcqs: TableMap | None = None


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


def guess_table(
    file: str, columns: list[str], kind: Literal["cases", "mcqs"], sheet: str | None = None
) -> TableMap | None:
    """A map of `columns` by their usual names, if they hold every required field of `kind`."""
    by_name = {normalise(column): column for column in columns}
    required: tuple[str, ...] = CASE_FIELDS if kind == "cases" else MCQ_FIELDS
    optional = CASE_OPTIONAL if kind == "cases" else MCQ_OPTIONAL
    found: dict[str, str] = {}
    for field in (*required, *optional):
        for alias in ALIASES[field]:
            column = by_name.get(normalise(alias))
            if column is not None and column not in found.values():
                found[field] = column
                break
    if kind == "cases" and "id" not in found:
        return None
    options: list[str] = []
    if kind == "mcqs":
        for letter in OPTION_LETTERS:
            names = (alias.format(letter=letter) for alias in OPTION_ALIASES)
            column = next((by_name[normalise(n)] for n in names if normalise(n) in by_name), None)
            if column is None:
                return None
            options.append(column)
        if "task" not in found:
            required = tuple(f for f in required if f != "task")
    if any(field not in found for field in required):
        return None
    return TableMap(file=file, sheet=sheet, columns=found, options=options)
