"""Task views: from validated records to Inspect samples (inspect_evals' `record_to_sample`).

Tasks IV-VIII are views of the same cases. Images enter a sample as file paths (copies,
made from the bytes validated, that Inspect reads just before the model call), never as
bytes held in memory.
Every sample's metadata carries what the report groups by: `bj_task`, `case_id`,
`site`, `disease` and the imaging `modalities`.
"""

from __future__ import annotations

import random

from inspect_ai.dataset import Sample
from inspect_ai.model import ChatMessage, ChatMessageUser, Content, ContentImage, ContentText

from bj_evals.data.blank_images import blank_for
from bj_evals.data.image_size import SizeLimit
from bj_evals.data.images import sized_images
from bj_evals.data.records import CASES_FILE, MCQS_FILE, Benchmark
from bj_evals.data.schema import Case, ImageRef, Mcq
from bj_evals.errors import BJEvalsError
from bj_evals.prompts import CASE_PRESENTATION
from bj_evals.task_table import PaperTask
from bj_evals.tasks.imaging import SHOWS_IMAGES, WITH_REPORT, Imaging, imaging_section


def mcq_samples(
    benchmark: Benchmark, task: PaperTask, limit: SizeLimit | None, imaging: Imaging = "image"
) -> list[Sample]:
    """A multiple-choice task: one sample per question, with its image (or a blank) if it has one."""
    questions = benchmark.mcqs_for(task.id)
    if not questions:
        raise BJEvalsError(
            f"{benchmark.root}/{MCQS_FILE}: no questions of task {task.id}; add some, or run only "
            f"the tasks this data has (`bj-evals validate {benchmark.root}` lists them)"
        )
    images = [q.image for q in questions if q.image]
    send = _files_to_send(benchmark, images, limit, blank=imaging == "blank")
    return [_mcq_sample(mcq, send) for mcq in questions]


def _mcq_sample(mcq: Mcq, send: dict[str, str]) -> Sample:
    metadata: dict[str, str] = {
        "bj_task": mcq.task,
        "case_id": mcq.case_id or mcq.id,
        "site": mcq.site or "unspecified",
    }
    if mcq.image is None:
        return Sample(
            id=mcq.id, input=mcq.stem, choices=mcq.options, target=mcq.answer, metadata=metadata
        )
    content: list[Content] = [
        ContentText(text=mcq.stem),
        ContentImage(image=send[mcq.image.path]),
    ]
    return Sample(
        id=mcq.id,
        input=[ChatMessageUser(content=content)],
        choices=mcq.options,
        target=mcq.answer,
        metadata=metadata | {"modalities": mcq.image.modality},
    )


def case_samples(
    benchmark: Benchmark, task: PaperTask, imaging: Imaging, limit: SizeLimit | None
) -> list[Sample]:
    """A case task: the whole case, with its images or, for text-only models, its report."""
    assert task.reference is not None, f"task {task.id} grades against no expert reference"
    _require_cases(benchmark, task)
    _require_field(
        benchmark,
        task.reference,
        f"task {task.id} grades against it",
        f"leave task {task.id} out (`bj-evals validate {benchmark.root}` lists the tasks this "
        "data can run)",
    )
    if imaging in WITH_REPORT:
        _require_field(
            benchmark,
            "radiology_report",
            "a text-only model reads the report instead of the images"
            if imaging == "report"
            else f"-T imaging={imaging} shows it",
            "evaluate with images (-T imaging=image and a model that takes images)",
        )
    shows = imaging in SHOWS_IMAGES
    shown = [image for case in benchmark.cases for image in case.images] if shows else []
    send = _files_to_send(benchmark, shown, limit, blank=imaging == "blank")
    return [
        Sample(
            id=case.id,
            input=_case_input(case, list(case.images) if shows else [], send, imaging),
            target=_reference(case, task.reference),
            metadata=_case_metadata(case, task) | {"imaging": imaging},
        )
        for case in benchmark.cases
    ]


def inconsistency_samples(
    benchmark: Benchmark,
    task: PaperTask,
    seed: int,
    limit: SizeLimit | None,
    imaging: Imaging = "image",
) -> list[Sample]:
    """The mismatch task: each case's text with an image of a different anatomical site.

    Under `blank` the same pairing is kept and the image is a blank of the donor image's size;
    the reference then says that the image shows no anatomy.
    """
    _require_cases(benchmark, task)
    pairs = [(case, *mismatched_image(benchmark.cases, case, seed)) for case in benchmark.cases]
    send = _files_to_send(
        benchmark, [image for _, _, image in pairs], limit, blank=imaging == "blank"
    )
    samples = []
    for case, donor, image in pairs:
        samples.append(
            Sample(
                id=case.id,
                input=_case_input(case, [image], send, imaging),
                target=_mismatch_reference(case, donor, image, imaging),
                metadata=_case_metadata(case, task)
                | {
                    "imaging": imaging,
                    "image_case_id": donor.id,
                    "image_site": donor.site,
                    "image_modality": image.modality,
                    "image_path": image.path,
                    "pairing_seed": seed,
                },
            )
        )
    return samples


def mismatched_image(cases: tuple[Case, ...], case: Case, seed: int) -> tuple[Case, ImageRef]:
    """The case and image paired with `case` in the mismatch task: seeded, from another site."""
    donors = [other for other in cases if other.site != case.site]
    if not donors:
        raise BJEvalsError(
            f"case {case.id}: the mismatch task needs an image from another anatomical site, "
            f"but every case is a {case.site} case; add cases from other sites."
        )
    rng = random.Random(f"{seed}:{case.id}")
    donor = rng.choice(donors)
    return donor, rng.choice(donor.images)


def _mismatch_reference(case: Case, donor: Case, image: ImageRef, imaging: Imaging) -> str:
    problem = f"the clinical text describes {_article(case.site)} {case.site} problem"
    if imaging == "blank":
        return (
            f"The attached image is blank: it shows no anatomy, but {problem}; the image "
            "cannot be this patient's imaging, so no diagnosis should be drawn from it."
        )
    return (
        f"The attached {image.modality} shows the {donor.site}, but {problem}; the image does "
        "not belong to this patient, so no diagnosis should be drawn from it."
    )


def _case_input(
    case: Case, images: list[ImageRef], send: dict[str, str], imaging: Imaging = "image"
) -> str | list[ChatMessage]:
    text = CASE_PRESENTATION.format(
        history=case.history,
        physical_exam=case.physical_exam,
        labs=case.labs,
        imaging=imaging_section(case, images, imaging),
    )
    if not images:
        return text
    content: list[Content] = [ContentText(text=text)]
    content += [ContentImage(image=send[image.path]) for image in images]
    return [ChatMessageUser(content=content)]


def _files_to_send(
    benchmark: Benchmark, images: list[ImageRef], limit: SizeLimit | None, blank: bool = False
) -> dict[str, str]:
    """For each image path of the records, the file the model receives (sized once), or its blank."""
    paths = {image.path: benchmark.image_path(image) for image in images}
    sized = sized_images(paths.values(), limit)
    if blank:
        blanks = blank_for(sized.values())
        sized = {path: blanks[file] for path, file in sized.items()}
    return {relative: str(sized[path]) for relative, path in paths.items()}


def _require_cases(benchmark: Benchmark, task: PaperTask) -> None:
    if not benchmark.cases:
        raise BJEvalsError(
            f"{benchmark.root}/{CASES_FILE}: no cases, and task {task.id} is run on cases; add "
            f"cases, or run only the tasks this data has (`bj-evals validate {benchmark.root}` "
            "lists them)"
        )


def _require_field(benchmark: Benchmark, field: str, why: str, instead: str) -> None:
    """Refuse, naming the first case without `field`, unless every case has it."""
    missing = benchmark.missing(field)
    if not missing:
        return
    raise BJEvalsError(
        f"{benchmark.root}/{CASES_FILE}:{benchmark.case_row(missing[0])}: {field}: missing in "
        f"{len(missing)} of {len(benchmark.cases)} cases, and {why}; add it to every case, "
        f"or {instead}"
    )


def _reference(case: Case, field: str) -> str:
    """The experts' answer in `field` (checked present beforehand); a list one item a line."""
    value = getattr(case, field) or ""
    if isinstance(value, list):
        return "\n".join(f"{n}. {item}" for n, item in enumerate(value, 1))
    return str(value)


def _case_metadata(case: Case, task: PaperTask) -> dict[str, str]:
    return {
        "bj_task": task.id,
        "case_id": case.id,
        "site": case.site,
        "disease": case.disease,
        "modalities": ", ".join(dict.fromkeys(image.modality for image in case.images)),
    }


def _article(word: str) -> str:
    """`an` before a vowel sound (an ankle, an elbow), else `a` (a knee)."""
    return "an" if word[:1].lower() in "aeiou" else "a"
