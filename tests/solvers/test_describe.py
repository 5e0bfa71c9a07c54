"""describe_images(): each image of the prompt replaced, in place, by the describer's description."""

from __future__ import annotations

import base64
import io
from typing import Any

from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import ChatMessageUser, Content, ContentImage, ContentText
from inspect_ai.solver import generate
from PIL import Image

from bj_evals.solvers.describe import describe_images
from tests.helpers import Call, Scripted, reply


def image(shade: int) -> str:
    buffer = io.BytesIO()
    Image.new("L", (8, 8), color=shade).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def shade_of(call: Call) -> Any:
    [uri] = call.images
    decoded = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    return reply(f"Findings: grey level {decoded.getpixel((0, 0))}.")


def task() -> Task:
    content: list[Content] = [ContentText(text="Case text."), ContentImage(image=image(10))]
    content += [ContentText(text="Between."), ContentImage(image=image(200))]
    sample = Sample(id="s1", input=[ChatMessageUser(content=content)], target="x")
    return Task(dataset=[sample], solver=[describe_images(), generate()])


def test_each_image_gives_way_to_its_description_where_it_was() -> None:
    model, describer = Scripted(lambda call: reply("An answer.")), Scripted(shade_of)

    [log] = eval(
        task(),
        model=model.model(),
        model_roles={"describer": describer.model("mockllm/describer")},
        display="none",
    )

    assert log.status == "success", log.error
    [answered] = model.calls
    assert answered.images == []
    assert answered.text == (
        "Case text.\n\nImage 1, described:\nFindings: grey level 10.\n\n"
        "Between.\n\nImage 2, described:\nFindings: grey level 200."
    )
    assert log.samples is not None
    described = log.samples[0].metadata["image_descriptions"]
    assert [d["description"] for d in described] == [
        "Findings: grey level 10.",
        "Findings: grey level 200.",
    ]


def test_without_a_describer_the_sample_errors_with_what_to_do() -> None:
    model = Scripted(lambda call: reply("An answer."))
    [log] = eval(task(), model=model.model(), display="none", fail_on_error=False)

    assert model.calls == [] and log.samples is not None
    error = log.samples[0].error
    assert error is not None and "--model-role describer=" in error.message


def test_an_empty_description_errors_the_sample_instead_of_reaching_the_model() -> None:
    model = Scripted(lambda call: reply("An answer."))
    [log] = eval(
        task(),
        model=model.model(),
        model_roles={"describer": Scripted(lambda call: reply("  ")).model("mockllm/describer")},
        display="none",
        fail_on_error=False,
    )

    assert model.calls == [] and log.samples is not None
    error = log.samples[0].error
    assert error is not None and "empty description" in error.message
