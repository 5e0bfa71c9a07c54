"""Image embeddings from a local vision-language model's own eyes, for `bj-evals probe`.

The model and processor are the ones `hfvlm/` answers with (`load_model`, `LoadSpec`).
Each image goes through the processor's image processor and the model's vision path
alone, without any text. Where transformers exposes it, the vision path is the model's
`get_image_features` (Qwen2-VL, LLaVA, Gemma 3 and most image-text-to-text models): the
vision encoder's output passed through the model's projector, the image tokens exactly as
the language model receives them. Otherwise a vision tower found under a known attribute
name, with a projector if one is found. The embedding of an image is the mean over its
image tokens (every token the vision path gives for it: all crops or tiles included).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray
from PIL import Image

from bj_evals.errors import BJEvalsError
from bj_evals.providers.hfvlm.loading import LoadedModel, LoadSpec, load_model

TOWERS = ("vision_tower", "visual", "vision_model", "vision_encoder", "image_encoder")
"""Attribute names under which transformers models keep their vision encoder."""

PROJECTORS = ("multi_modal_projector", "mm_projector", "visual_projection", "connector")
"""Attribute names of the projector from the vision encoder into the language model."""

FEATURES_LAYER = (
    "the image tokens as the language model receives them: the vision encoder's output (at the "
    "layer the model itself selects) through the model's projector (get_image_features)"
)

Encode = Callable[[dict[str, Any]], torch.Tensor]


@dataclass(frozen=True)
class ImageEmbeddings:
    """One row per image (the mean over its image tokens), and which layer they come from."""

    matrix: NDArray[np.float32]
    layer: str


def image_embeddings(
    spec: LoadSpec,
    images: Sequence[Path],
    progress: Callable[[Iterable[Path]], Iterable[Path]] = iter,
) -> ImageEmbeddings:
    """Embed each image file with the model of `spec`, one image at a time."""
    loaded = load_model(spec)
    encode, layer = vision_path(loaded.model, spec.name)
    rows = []
    with torch.inference_mode():
        for path in progress(images):
            with Image.open(path) as image:
                rgb = image.convert("RGB")
            tokens = encode(_inputs(loaded, rgb))
            flat = tokens.float().reshape(-1, tokens.shape[-1])
            rows.append(flat.mean(dim=0).cpu().numpy())
    return ImageEmbeddings(np.stack(rows).astype(np.float32), layer)


def vision_path(model: Any, name: str) -> tuple[Encode, str]:
    """How this model turns processed pixels into image tokens, and that layer in words."""
    features = getattr(model, "get_image_features", None)
    if callable(features):
        accepted = _named_parameters(features)
        return (
            lambda inputs: _tokens(features(**{k: v for k, v in inputs.items() if k in accepted})),
            FEATURES_LAYER,
        )
    tower = _find(model, TOWERS)
    if tower is None:
        raise BJEvalsError(
            f"hfvlm/{name}: {type(model).__name__} exposes no vision tower bj-evals knows "
            f"(get_image_features, or an attribute {', '.join(TOWERS)}); the probe cannot run on it."
        )
    projector = _find(model, PROJECTORS)

    def encode(inputs: dict[str, Any]) -> torch.Tensor:
        hidden = _tokens(tower(pixel_values=inputs["pixel_values"]))
        return projector(hidden) if projector is not None else hidden

    layer = "the vision tower's last hidden layer" + (
        " through the model's projector" if projector is not None else " (no projector found)"
    )
    return encode, layer


def _inputs(loaded: LoadedModel, image: Image.Image) -> dict[str, Any]:
    """The image processor's tensors on the model's device, pixels in the model's dtype."""
    processed = loaded.processor.image_processor(images=[image], return_tensors="pt")
    inputs: dict[str, Any] = {}
    for key, value in processed.items():
        if isinstance(value, torch.Tensor):
            dtype = loaded.dtype if value.is_floating_point() else None
            value = value.to(device=loaded.device, dtype=dtype)
        inputs[key] = value
    return inputs


def _tokens(output: Any) -> torch.Tensor:
    """The image tokens in whatever form a model returns them: all of them, as one tensor."""
    for attribute in ("pooler_output", "last_hidden_state"):
        value = getattr(output, attribute, None)
        if value is not None:
            output = value
            break
    if isinstance(output, (list, tuple)):
        return torch.cat([part.reshape(-1, part.shape[-1]) for part in output])
    if not isinstance(output, torch.Tensor):
        raise BJEvalsError(f"the vision path returned {type(output).__name__}, not image tokens")
    return output


def _find(model: Any, names: tuple[str, ...]) -> Any:
    """The first of `names` on the model or on its inner `model`, or None."""
    for owner in (model, getattr(model, "model", None)):
        for name in names:
            found = getattr(owner, name, None) if owner is not None else None
            if found is not None:
                return found
    return None


def _named_parameters(function: Callable[..., Any]) -> set[str]:
    """The parameters `function` names (its `**kwargs` left out: they reach the vision tower)."""
    parameters = inspect.signature(function).parameters.values()
    return {p.name for p in parameters if p.kind is not inspect.Parameter.VAR_KEYWORD}
