"""What stands for the imaging of a case: its images, or its radiology report.

"Imaging" names this choice (`-T imaging=`; `-T modality=` is its former name, still
accepted); "modality" means only how an image was acquired: X-ray, CT or MRI.
"""

from __future__ import annotations

import sys
from typing import Literal, get_args

from inspect_ai.model import ModelName

from bj_evals.errors import BJEvalsError

Imaging = Literal["image", "report"]
"""What a run shows of each case: its images, or its radiology report."""

ImagingChoice = Literal["auto", "image", "report"]
IMAGING_CHOICES: tuple[ImagingChoice, ...] = get_args(ImagingChoice)

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
    task_name: str, choice: str, model: str | None, *, image_only: bool = False
) -> Imaging:
    """Decide, print and return what stands for the imaging when `model` is evaluated.

    `auto` gives images, except to a text-only provider, which gets the radiology
    report as the paper did for text-only LLMs. A task answered from the image alone
    (`image_only`) takes no report. `model` is None when not known yet.
    """
    if choice not in IMAGING_CHOICES:
        raise BJEvalsError(f"-T imaging={choice}: use one of {', '.join(IMAGING_CHOICES)}.")
    text_only = is_text_only(model)
    if image_only and choice == "report":
        raise BJEvalsError(
            f"{task_name} is answered from the image: -T imaging=report does not apply."
        )
    if text_only and (image_only or choice == "image"):
        fix = "" if image_only else "use -T imaging=report to give it the radiology reports, or "
        raise BJEvalsError(
            f"{task_name} needs images, but {model} is a text-only provider; "
            f"{fix}run a vision-language model with {LOCAL_VLM}."
        )
    chosen: Imaging = "report" if choice == "report" or text_only else "image"
    reason = "text-only provider" if text_only and choice == "auto" else f"imaging={choice}"
    print(f"{task_name}: imaging shown as {chosen} ({reason})", file=sys.stderr)
    return chosen


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
