"""Describe, then diagnose: the `describer` model role writes each image's description.

Under `-T imaging=description` a vision-language model bound to the role `describer`
(`--model-role describer=<model>`) describes each image of the sample, alone and without
the case, in the structured form of `DESCRIBER_PROMPT`; the descriptions take the images'
place in the case, so the evaluated model, text-only or not, answers from them. Each image
is described once per describer and image content: Inspect's cache keeps the description
without expiry and across epochs, and concurrent samples that show the same image wait for
one call. The describer's calls are in the sample's transcript (a span `describe images`,
then an info event with the descriptions) and the descriptions in the sample's metadata
(`image_descriptions`).
"""

from __future__ import annotations

import base64
import hashlib
import io

import anyio
import anyio.lowlevel
from inspect_ai.log import transcript
from inspect_ai.model import (
    CachePolicy,
    ChatMessage,
    ChatMessageUser,
    ContentImage,
    ContentText,
    GenerateConfig,
    Model,
    ModelName,
    model_roles,
)
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import span
from PIL import Image

from bj_evals.data.blank_images import BLANK_VALUE
from bj_evals.errors import BJEvalsError
from bj_evals.prompts import DESCRIBER_PROMPT, IMAGE_DESCRIPTION

DESCRIBER_ROLE = "describer"
DESCRIPTIONS = "image_descriptions"
"""The sample metadata key that keeps the descriptions."""

DESCRIPTION_CACHE = CachePolicy(expiry=None, per_epoch=False)
"""One description per image and describer, kept for every later run and epoch."""

CHECK_CONFIG = GenerateConfig(max_retries=2, timeout=180)
"""The check before the first sample fails fast: an unusable describer is reported, not retried."""

NO_DESCRIBER = (
    "-T imaging=description needs a describer: add --model-role describer=<provider/model>, "
    "a model that takes images (hfvlm/<model>, openai/gpt-4o, ...)."
)

_locks: dict[tuple[object, int, str], anyio.Lock] = {}


def bound_describer() -> Model:
    """The model bound to the `describer` role (the first, if a list); a one-line error if none."""
    bound = model_roles().get(DESCRIBER_ROLE)
    if bound is None or bound == []:
        raise BJEvalsError(NO_DESCRIBER)
    return bound[0] if isinstance(bound, list) else bound


def describer_name(model: Model) -> str:
    """How the describer is named in the log and the report: `provider/model`."""
    return f"{ModelName(model).api}/{model.name}"


def describer_request(image: str) -> list[ChatMessage]:
    """What the describer is asked about one image (a data URI): the prompt and the image alone."""
    return [
        ChatMessageUser(content=[ContentText(text=DESCRIBER_PROMPT), ContentImage(image=image)])
    ]


async def describe(model: Model, image: str) -> tuple[str, bool]:
    """The description of `image` and whether it was cut off by the token limit."""
    digest = hashlib.sha256(image.encode("utf-8")).hexdigest()
    key = (anyio.lowlevel.current_token(), id(model), digest)
    async with _locks.setdefault(key, anyio.Lock()):
        output = await model.generate(describer_request(image), cache=DESCRIPTION_CACHE)
    text = output.completion.strip()
    if not text:
        # the describer failed, not the evaluated model: the sample errors, it is not scored
        raise RuntimeError(f"the describer {describer_name(model)} gave an empty description")
    return text, output.stop_reason == "max_tokens"


@solver
def describe_images() -> Solver:
    """Replace each image of the user prompt by the describer's description of it."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        prompt = state.user_prompt
        if isinstance(prompt.content, str):
            return state
        describer = bound_describer()
        name = describer_name(describer)
        parts: list[str] = []
        records: list[dict[str, object]] = []
        async with span("describe images"):
            for content in prompt.content:
                if isinstance(content, ContentText):
                    parts.append(content.text)
                elif isinstance(content, ContentImage):
                    text, cut = await describe(describer, content.image)
                    number = len(records) + 1
                    parts.append(IMAGE_DESCRIPTION.format(number=number, description=text))
                    records.append(
                        {"image": number, "describer": name, "description": text, "cut_off": cut}
                    )
        prompt.content = "\n\n".join(parts)
        state.metadata[DESCRIPTIONS] = records
        shown = "\n\n".join(
            f"**Image {r['image']}** ({name}):\n\n{r['description']}" for r in records
        )
        transcript().info(shown, source="describer")
        return state

    return solve


async def check_describer(model: Model) -> None:
    """Ask `model` to describe a small blank image; a one-line error if it cannot."""
    name = describer_name(model)
    request = describer_request(_test_image())
    try:
        output = await model.generate(request, cache=False, config=CHECK_CONFIG)
    except Exception as error:  # any failure: the run stops here, before the evaluated model
        reason = " ".join(str(error).split())[:300] or type(error).__name__
        raise BJEvalsError(
            f"the describer {name} cannot describe an image ({reason}); choose another with "
            "--model-role describer=<provider/model>."
        ) from error
    if not output.completion.strip():
        raise BJEvalsError(
            f"the describer {name} gave an empty description of a test image; choose another "
            "with --model-role describer=<provider/model>, or allow it more tokens."
        )


def _test_image() -> str:
    """A 64 x 64 blank PNG as a data URI: what the describer is asked about before the run."""
    buffer = io.BytesIO()
    Image.new("L", (64, 64), color=BLANK_VALUE).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
