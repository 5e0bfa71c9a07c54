"""The canonical records: clinical cases, multiple-choice questions and their images.

One schema serves every task: tasks IV-VIII are views of the same `Case` records,
tasks I-III read `Mcq` records. Field names here are the on-disk JSON keys
documented in `docs/data-format.md`.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from bj_evals.task_table import BY_ID, McqTaskId

Site = Literal["knee", "hip", "shoulder", "ankle", "elbow", "wrist", "spine"]
SITES: tuple[Site, ...] = get_args(Site)

ImagingModality = Literal["X-ray", "CT", "MRI"]
IMAGING_MODALITIES: tuple[ImagingModality, ...] = get_args(ImagingModality)

Letter = Literal["A", "B", "C", "D", "E"]
LETTERS: tuple[Letter, ...] = get_args(Letter)

ALLOWED_CONTROLS = frozenset("\t\n\r")


def _one_visible_text(text: str) -> str:
    """Refuse text a reader cannot see as written: control characters, or nothing visible."""
    for character in text:
        if unicodedata.category(character) == "Cc" and character not in ALLOWED_CONTROLS:
            raise ValueError(
                f"contains the control character U+{ord(character):04X}; remove it "
                "(only new lines and tabs are kept)"
            )
    if text and all(c.isspace() or unicodedata.category(c) == "Cf" for c in text):
        raise ValueError("has no visible text (only invisible characters); fill it in")
    return text


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_visible_text)
]
"""Non-empty text with something visible in it and no control characters but new lines and tabs."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ImageRef(_Record):
    """An image file, relative to the data directory, and how it was acquired."""

    path: Text
    modality: ImagingModality


class Case(_Record):
    """One de-identified clinical case with the experts' reference answers.

    The references (which task grades against which: `task_table.py`) and the radiology
    report are optional: a task that needs one a case lacks refuses when it is built
    (`tasks/dataset.py`), before any model call.
    """

    id: Text
    site: Site
    disease: Text
    history: Text
    physical_exam: Text
    labs: Text
    images: list[ImageRef] = Field(min_length=1)
    radiology_report: Text | None = None
    expert_diagnosis: Annotated[list[Text], Field(min_length=1)] | None = None
    expert_diagnostic_reasoning: Text | None = None
    expert_treatment_plan: Text | None = None
    expert_treatment_reasoning: Text | None = None


class Mcq(_Record):
    """A five-option multiple-choice question of one of the paper's multiple-choice tasks."""

    id: Text
    task: McqTaskId
    stem: Text
    options: list[Text] = Field(min_length=5, max_length=5)
    answer: Letter
    image: ImageRef | None = None
    site: Site | None = None
    case_id: Text | None = None

    @model_validator(mode="after")
    def _image_matches_task(self) -> Mcq:
        if BY_ID[self.task].image_only and self.image is None:
            raise ValueError(
                f"image: task {self.task} questions are answered from an image; add one"
            )
        if not BY_ID[self.task].image_only and self.image is not None:
            raise ValueError(f"image: task {self.task} questions are text only; remove it")
        return self
