"""The imaging conditions on the demo set: what each call of a scripted model received."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from inspect_ai import eval
from inspect_ai.event import InfoEvent, ModelEvent
from inspect_ai.log import EvalLog, resolve_sample_attachments
from PIL import Image

from bj_evals import diagnosis_generation, image_interpretation, inconsistency_detection
from bj_evals.data.blank_images import BLANK_VALUE
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source
from bj_evals.prompts import DESCRIBER_PROMPT, NO_IMAGING
from bj_evals.tasks.imaging import resolve_imaging
from tests.helpers import Call, Scripted, judge_verdicts, reply, verdict

DEMO = load_source("demo")
REPORTS = {case.id: case.radiology_report or "" for case in DEMO.cases}
HISTORIES = {case.history: case.id for case in DEMO.cases}


def run(task: Any, model: Scripted, describer: Scripted | None = None, **args: Any) -> EvalLog:
    grader = judge_verdicts("Correct")
    if task is inconsistency_detection:
        grader = Scripted(
            lambda call: verdict(
                mismatch_detected=True, text_driven_diagnosis=False, explanation="s"
            )
        )
    roles: dict[str, Any] = {"grader": grader.model()}
    if describer is not None:
        roles["describer"] = describer.model("mockllm/describer")
    task_args = {"source": "demo", "judge_repeats": 1} | args
    if task is image_interpretation:
        task_args.pop("judge_repeats")
    [log] = eval(task, task_args=task_args, model=model.model(), model_roles=roles, display="none")
    assert log.status == "success", log.error
    return log


def decoded(uri: str) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    image.load()
    return image


def case_of(call: Call) -> str:
    return next(case_id for history, case_id in HISTORIES.items() if history in call.text)


def answering() -> Scripted:
    return Scripted(lambda call: reply("ANSWER: A" if "ANSWER" in call.text else "A diagnosis."))


@pytest.mark.parametrize("imaging", ["image", "report", "none", "blank", "image+report"])
def test_each_condition_runs_every_demo_case_and_is_recorded_in_the_log(imaging: str) -> None:
    log = run(diagnosis_generation, answering(), imaging=imaging)

    assert log.eval.metadata is not None and log.eval.metadata["imaging"] == imaging
    assert log.samples is not None
    assert sorted(str(s.id) for s in log.samples) == sorted(case.id for case in DEMO.cases)
    assert all(sample.metadata["imaging"] == imaging for sample in log.samples)


def test_blank_images_are_uniform_grey_and_the_size_of_the_images_they_replace() -> None:
    shown, blank = answering(), answering()
    run(diagnosis_generation, shown, imaging="image")
    run(diagnosis_generation, blank, imaging="blank")

    sizes = {case_of(call): [decoded(i).size for i in call.images] for call in shown.calls}
    assert len(blank.calls) == len(DEMO.cases)
    for call in blank.calls:
        images = [decoded(uri) for uri in call.images]
        assert [image.size for image in images] == sizes[case_of(call)]
        assert all(image.getextrema() in ((BLANK_VALUE, BLANK_VALUE),) for image in images)
        assert "images are attached" in call.text  # the words of the image condition


def test_none_sends_neither_images_nor_the_report() -> None:
    model = answering()
    run(diagnosis_generation, model, imaging="none")

    for call in model.calls:
        assert call.images == [] and NO_IMAGING in call.text
        assert REPORTS[case_of(call)] not in call.text and "Radiology report" not in call.text


def test_image_and_report_sends_both() -> None:
    model = answering()
    run(diagnosis_generation, model, imaging="image+report")

    for call in model.calls:
        case = next(c for c in DEMO.cases if c.id == case_of(call))
        assert len(call.images) == len(case.images) and REPORTS[case.id] in call.text


def describing() -> Scripted:
    """A describer that names each image by its size, so its description can be traced."""

    def describe(call: Call) -> Any:
        assert DESCRIBER_PROMPT in call.text and len(call.images) == 1
        width, height = decoded(call.images[0]).size
        return reply(f"Modality: X-ray\nFindings: an image of {width} by {height} pixels.")

    return Scripted(describe)


def test_descriptions_replace_the_images_and_are_kept_in_transcript_and_metadata() -> None:
    model, describer = answering(), describing()
    log = run(diagnosis_generation, model, describer, imaging="description")

    assert log.eval.metadata is not None
    assert log.eval.metadata["imaging"] == "description"
    assert log.eval.metadata["describer"] == "mockllm/describer"
    assert all(call.images == [] for call in model.calls)
    assert all("a description of each follows" in call.text for call in model.calls)
    assert all("Findings: an image of" in call.text for call in model.calls)
    assert log.samples is not None
    for logged in log.samples:
        sample = resolve_sample_attachments(logged)
        case = next(c for c in DEMO.cases if c.id == sample.id)
        descriptions = sample.metadata["image_descriptions"]
        assert [d["image"] for d in descriptions] == list(range(1, len(case.images) + 1))
        assert all(d["describer"] == "mockllm/describer" for d in descriptions)
        assert all(d["description"].startswith("Modality: X-ray") for d in descriptions)
        info = [e for e in sample.events if isinstance(e, InfoEvent) and e.source == "describer"]
        assert len(info) == 1 and "Findings: an image of" in str(info[0].data)
        asked = [e for e in sample.events if isinstance(e, ModelEvent)]
        described = [e for e in asked if DESCRIBER_PROMPT in e.input[-1].text]
        assert len(described) == len(case.images)


def test_each_image_is_described_once_and_then_read_from_the_cache() -> None:
    describer = describing()
    run(diagnosis_generation, answering(), describer, imaging="description")
    first = len(describer.calls)
    run(diagnosis_generation, answering(), describer, imaging="description", judge_repeats=2)

    images = {image.path for case in DEMO.cases for image in case.images}
    assert first == len(images) + 1  # one per image, and the check before the run
    assert len(describer.calls) == first + 1  # the second run asked only the check


def test_description_without_a_describer_stops_before_any_model_call() -> None:
    model = answering()
    with pytest.raises(Exception, match=r"--model-role describer="):
        eval(
            diagnosis_generation,
            task_args={"source": "demo", "imaging": "description"},
            model=model.model(),
            model_roles={"grader": judge_verdicts("Correct").model()},
            display="none",
        )
    assert model.calls == []


def test_a_describer_that_fails_stops_the_run_before_the_model_answers() -> None:
    def broken(call: Call) -> Any:
        raise RuntimeError("no vision here")

    model = answering()
    with pytest.raises(Exception, match=r"the describer mockllm/describer cannot describe"):
        run(diagnosis_generation, model, Scripted(broken), imaging="description")
    assert model.calls == []


def test_image_questions_with_a_blank_keep_their_ids_and_the_image_size() -> None:
    shown, blank = answering(), answering()
    first = run(image_interpretation, shown)
    second = run(image_interpretation, blank, imaging="blank")

    assert second.eval.metadata is not None and second.eval.metadata["imaging"] == "blank"
    assert first.samples is not None and second.samples is not None
    assert [s.id for s in first.samples] == [s.id for s in second.samples]
    sizes = sorted(decoded(call.images[0]).size for call in shown.calls)
    assert sorted(decoded(call.images[0]).size for call in blank.calls) == sizes
    assert all(decoded(call.images[0]).getextrema() == (128, 128) for call in blank.calls)


def test_the_mismatch_task_with_a_blank_says_so_in_its_reference() -> None:
    log = run(inconsistency_detection, answering(), imaging="blank")

    assert log.samples is not None
    assert all(str(s.target).startswith("The attached image is blank") for s in log.samples)
    assert all(s.metadata["image_site"] != s.metadata["site"] for s in log.samples)


def test_the_mismatch_task_describes_the_mismatched_image() -> None:
    model, describer = answering(), describing()
    log = run(inconsistency_detection, model, describer, imaging="description")

    assert log.samples is not None
    assert all(call.images == [] and "Image 1, described:" in call.text for call in model.calls)
    assert all(len(s.metadata["image_descriptions"]) == 1 for s in log.samples)


@pytest.mark.parametrize(
    ("task", "imaging", "message"),
    [
        ("image_interpretation", "report", "does not apply"),
        ("image_interpretation", "description", "takes image, blank"),
        ("inconsistency_detection", "none", "takes image, blank, description"),
    ],
)
def test_tasks_answered_from_the_image_refuse_conditions_without_one(
    task: str, imaging: str, message: str
) -> None:
    with pytest.raises(BJEvalsError, match=message):
        resolve_imaging(task, imaging, None, image_only=True, allowed=_allowed(task))


def _allowed(task: str) -> tuple[str, ...]:
    from bj_evals.tasks.imaging import FAMILY_CHOICES

    return FAMILY_CHOICES["mcq" if task == "image_interpretation" else "mismatch"]


@pytest.mark.parametrize("imaging", ["blank", "image+report"])
def test_a_text_only_provider_cannot_be_shown_images(imaging: str) -> None:
    with pytest.raises(BJEvalsError, match="text-only provider"):
        resolve_imaging("diagnosis_generation", imaging, "hf/gpt2")


@pytest.mark.parametrize("imaging", ["none", "description", "report"])
def test_a_text_only_provider_takes_the_conditions_without_images(imaging: str) -> None:
    assert resolve_imaging("diagnosis_generation", imaging, "hf/gpt2") == imaging
    assert resolve_imaging("diagnosis_generation", "auto", "hf/gpt2") == "report"
