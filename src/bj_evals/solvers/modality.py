"""What stands for the imaging: the images, or the radiology report for text-only models."""

from __future__ import annotations

import sys
from typing import Literal, get_args

from inspect_ai.model import ModelName

from bj_evals.data.samples import Imaging
from bj_evals.errors import BJEvalsError

Modality = Literal["auto", "image", "report"]
MODALITIES: tuple[Modality, ...] = get_args(Modality)

# Inspect providers that raise on any image content.
TEXT_ONLY_APIS = frozenset({"hf", "nnterp", "transformer_lens"})

LOCAL_VLM = "--model hfvlm/<model> (local Hugging Face vision-language models with images)"


def resolve_imaging(
    task_name: str, modality: str, model: str | None, *, image_only: bool = False
) -> Imaging:
    """Decide, print and return what stands for the imaging when `model` is evaluated.

    `auto` gives images, except to a text-only provider, which gets the radiology
    report as the paper did for text-only LLMs. Tasks that are answered from the
    image alone (`image_only`: III and VIII) fail on a text-only provider before
    any sample runs. `model` is None when not known yet.
    """
    if modality not in MODALITIES:
        raise BJEvalsError(f"-T modality={modality}: use one of {', '.join(MODALITIES)}.")
    text_only = is_text_only(model)
    if image_only and modality == "report":
        raise BJEvalsError(
            f"{task_name} is answered from the image: -T modality=report does not apply."
        )
    if text_only and (image_only or modality == "image"):
        fix = "" if image_only else "use -T modality=report to give it the radiology reports, or "
        raise BJEvalsError(
            f"{task_name} needs images, but {model} is a text-only provider; "
            f"{fix}run a vision-language model with {LOCAL_VLM}."
        )
    chosen: Imaging = "report" if modality == "report" or text_only else "image"
    reason = "text-only provider" if text_only and modality == "auto" else f"modality={modality}"
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
