"""Local Hugging Face vision-language models with images: `--model hfvlm/<hub id or path>`.

Inspect's own `hf/` provider takes text only. `hfvlm/` loads any transformers
image-text-to-text model with its processor and chat template, and answers
concurrent samples in left-padded batches. torch and transformers are imported
only when the provider is used (`pip install 'bj-evals[local]'`).
"""

from __future__ import annotations

from inspect_ai.model import ModelAPI, modelapi

from bj_evals.errors import BJEvalsError

INSTALL = "pip install 'bj-evals[local]'"


@modelapi(name="hfvlm")
def hfvlm() -> type[ModelAPI]:
    """Register `hfvlm/<model>`, importing torch and transformers only when it is used."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as err:
        missing = err.name or "torch"
        raise BJEvalsError(f"hfvlm/ needs {missing}, which is not installed: {INSTALL}") from err
    from bj_evals.providers.hfvlm.api import HFVisionLanguageAPI

    return HFVisionLanguageAPI
