"""The canonical records: clinical cases, multiple-choice questions and their images.

One schema serves every task: tasks IV-VIII are views of the same `Case` records,
tasks I-III read `Mcq` records. Field names here are the on-disk JSON keys
documented in `docs/data-format.md`.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Site = Literal["knee", "hip", "shoulder", "ankle", "elbow", "wrist", "spine"]
SITES: tuple[Site, ...] = get_args(Site)

ImagingModality = Literal["X-ray", "CT", "MRI"]
IMAGING_MODALITIES: tuple[ImagingModality, ...] = get_args(ImagingModality)

McqTask = Literal["I", "II", "III"]

Letter = Literal["A", "B", "C", "D", "E"]
LETTERS: tuple[Letter, ...] = get_args(Letter)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ImageRef(_Record):
    """An image file, relative to the data directory, and how it was acquired."""

    path: Text
    modality: ImagingModality


class Case(_Record):
    """One de-identified clinical case with the experts' reference answers."""

    id: Text
    site: Site
    disease: Text
    history: Text
    physical_exam: Text
    labs: Text
    images: list[ImageRef] = Field(min_length=1)
    radiology_report: Text
    expert_diagnosis: list[Text] = Field(min_length=1)
    expert_diagnostic_reasoning: Text
    expert_treatment_plan: Text
    expert_treatment_reasoning: Text


class Mcq(_Record):
    """A five-option multiple-choice question for task I, II or III."""

    id: Text
    task: McqTask
    stem: Text
    options: list[Text] = Field(min_length=5, max_length=5)
    answer: Letter
    image: ImageRef | None = None
    site: Site | None = None
    case_id: Text | None = None

    @model_validator(mode="after")
    def _image_matches_task(self) -> Mcq:
        if self.task == "III" and self.image is None:
            raise ValueError("image: task III questions are answered from an image; add one")
        if self.task != "III" and self.image is not None:
            raise ValueError(f"image: task {self.task} questions are text only; remove it")
        return self
