"""What stands for the imaging of a case: its images, its radiology report, or a diagnostic condition.

"Imaging" names this choice (`-T imaging=`; `-T modality=` is its former name, still
accepted); "modality" means only how an image was acquired: X-ray, CT or MRI.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Literal, cast, get_args

from inspect_ai.model import ModelName

from bj_evals.data.schema import Case, ImageRef
from bj_evals.errors import BJEvalsError
from bj_evals.prompts import IMAGES_ATTACHED, IMAGES_DESCRIBED, NO_IMAGING, REPORT_INSTEAD

Imaging = Literal["image", "report", "none", "blank", "image+report", "description"]
"""What a run shows of each case: its images (the paper), its radiology report (the paper's
text-only models), nothing, a blank image in place of each image, the images and the report,
or a description of each image by the `describer` model role (docs/diagnostics.md)."""

ImagingChoice = Literal["auto", "image", "report", "none", "blank", "image+report", "description"]
IMAGING_CHOICES: tuple[ImagingChoice, ...] = get_args(ImagingChoice)

SHOWS_IMAGES = frozenset({"image", "blank", "image+report", "description"})
"""Conditions whose samples carry image files (under `description` the describer sees them,
and the evaluated model gets the descriptions in their place)."""

MODEL_SEES_IMAGES = frozenset({"image", "blank", "image+report"})
"""Conditions in which the evaluated model itself receives images: it must take them."""

WITH_REPORT = frozenset({"report", "image+report"})
"""Conditions that show the radiology report."""

FAMILY_CHOICES: dict[str, tuple[ImagingChoice, ...]] = {
    "case": IMAGING_CHOICES,
    "mcq": ("image", "blank"),
    "mismatch": ("image", "blank", "description"),
}
"""The conditions each family of tasks takes: every one for the cases; the image questions
and the mismatch task are answered from the image, so they take no report and no `none`
(and the image questions no description: their prompt asks the model to look)."""

TEXT_ONLY_APIS = frozenset({"hf", "nnterp", "transformer_lens"})
"""Inspect providers that raise on any image content."""

LOCAL_VLM = "--model hfvlm/<model> (local Hugging Face vision-language models with images)"


def imaging_option(imaging: str, modality: str | None) -> str:
    """`-T imaging=`, or its former name `-T modality=`; both given must agree."""
    if modality is None or modality == imaging:
        return imaging
    if imaging != "auto":
        raise BJEvalsError(
            f"-T imaging={imaging} and -T modality={modality} disagree; give -T imaging only "
            "(modality is its former name)."
        )
    return modality


def resolve_imaging(
    task_name: str,
    choice: str,
    model: str | None,
    *,
    image_only: bool = False,
    allowed: tuple[str, ...] = IMAGING_CHOICES,
) -> Imaging:
    """Decide, print and return what stands for the imaging when `model` is evaluated.

    `auto` gives images, except to a text-only provider, which gets the radiology
    report as the paper did for text-only LLMs. A task answered from the image alone
    (`image_only`) takes no report. `allowed` are the conditions the task takes. `model`
    is None when not known yet.
    """
    check_choice(task_name, choice, allowed, image_only=image_only)
    text_only = is_text_only(model)
    if text_only and (choice in MODEL_SEES_IMAGES or (image_only and choice == "auto")):
        fix = "" if image_only else "use -T imaging=report to give it the radiology reports, or "
        raise BJEvalsError(
            f"{task_name} needs images, but {model} is a text-only provider; "
            f"{fix}run a vision-language model with {LOCAL_VLM}."
        )
    chosen = cast(Imaging, ("report" if text_only else "image") if choice == "auto" else choice)
    reason = "text-only provider" if text_only and choice == "auto" else f"imaging={choice}"
    print(f"{task_name}: imaging shown as {chosen} ({reason})", file=sys.stderr)
    return chosen


def check_choice(
    task_name: str, choice: str, allowed: tuple[str, ...], *, image_only: bool = False
) -> None:
    """A one-line error unless `choice` is a condition that `task_name` takes."""
    if choice not in IMAGING_CHOICES:
        raise BJEvalsError(f"-T imaging={choice}: use one of {', '.join(IMAGING_CHOICES)}.")
    if image_only and choice == "report":
        raise BJEvalsError(
            f"{task_name} is answered from the image: -T imaging=report does not apply."
        )
    if choice not in allowed:
        raise BJEvalsError(
            f"-T imaging={choice} does not apply to {task_name}; it takes {', '.join(allowed)}."
        )


def is_text_only(model: str | None) -> bool:
    """Whether `model` (`provider/name`) comes from a provider that takes no images."""
    return model is not None and ModelName(model).api in TEXT_ONLY_APIS


def not_applicable_reason(task_name: str, model: str | None) -> str | None:
    """Why an image-only task does not apply to `model`, or None when it does."""
    if not is_text_only(model):
        return None
    return (
        f"{task_name} is answered from the image, and {model} is a text-only provider; "
        f"run a vision-language model, for example {LOCAL_VLM}"
    )


def imaging_section(case: Case, images: Sequence[ImageRef], imaging: Imaging) -> str:
    """The imaging section of a case under `imaging`; `images` are the ones the sample carries.

    Under `blank` the words are those of `image`: only the pixels differ, so the two runs
    pair up case by case on the image alone.
    """
    listing = "; ".join(f"{n}. {image.modality}" for n, image in enumerate(images, 1))
    report = REPORT_INSTEAD.format(report=case.radiology_report or "")
    if imaging == "none":
        return NO_IMAGING
    if imaging == "report" or not images:
        return report
    if imaging == "description":
        return IMAGES_DESCRIBED.format(listing=listing)
    attached = IMAGES_ATTACHED.format(listing=listing)
    return f"{attached}\n{report}" if imaging == "image+report" else attached
