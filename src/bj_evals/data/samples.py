"""Task views: pure functions from validated records to Inspect samples.

Tasks IV-VIII are views of the same cases. Images enter a sample as file paths
(Inspect reads them just before the model call), never as bytes held in memory.
"""

from __future__ import annotations

import random
from typing import Literal

from inspect_ai.dataset import Sample
from inspect_ai.model import ChatMessage, ChatMessageUser, Content, ContentImage, ContentText

from bj_evals.data.images import SizeLimit, sized_images
from bj_evals.data.records import CASES_FILE, MCQS_FILE, Benchmark
from bj_evals.data.schema import TASK_REFERENCES, Case, ImageRef, Mcq, McqTask
from bj_evals.errors import BJEvalsError
from bj_evals.solvers.prompts import CASE_PRESENTATION, IMAGES_ATTACHED, REPORT_INSTEAD

CaseTask = Literal["IV", "V", "VI", "VII"]
Imaging = Literal["image", "report"]


def mcq_samples(benchmark: Benchmark, task: McqTask, limit: SizeLimit | None) -> list[Sample]:
    """Task I, II or III: one sample per question, the image attached for III."""
    questions = benchmark.mcqs_for(task)
    if not questions:
        raise BJEvalsError(
            f"{benchmark.root}/{MCQS_FILE}: no questions of task {task}; add some, or run only "
            f"the tasks this data has (`bj-evals validate {benchmark.root}` lists them)"
        )
    send = _files_to_send(benchmark, [q.image for q in questions if q.image], limit)
    return [_mcq_sample(mcq, send) for mcq in questions]


def _mcq_sample(mcq: Mcq, send: dict[str, str]) -> Sample:
    metadata: dict[str, str] = {
        "task": mcq.task,
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
    benchmark: Benchmark, task: CaseTask, imaging: Imaging, limit: SizeLimit | None
) -> list[Sample]:
    """Tasks IV-VII: the whole case, with its images or, for text-only models, its report."""
    _require_cases(benchmark, task)
    _require_field(
        benchmark,
        TASK_REFERENCES[task],
        f"task {task} grades against it",
        f"leave task {task} out (`bj-evals validate {benchmark.root}` lists the tasks this data "
        "can run)",
    )
    if imaging == "report":
        _require_field(
            benchmark,
            "radiology_report",
            "a text-only model reads the report instead of the images",
            "evaluate with images (-T modality=image and a model that takes images)",
        )
    shown = (
        [image for case in benchmark.cases for image in case.images] if imaging == "image" else []
    )
    send = _files_to_send(benchmark, shown, limit)
    return [
        Sample(
            id=case.id,
            input=_case_input(case, case.images if imaging == "image" else [], send),
            target=_reference(case, task),
            metadata=_case_metadata(case, task) | {"imaging": imaging},
        )
        for case in benchmark.cases
    ]


def inconsistency_samples(benchmark: Benchmark, seed: int, limit: SizeLimit | None) -> list[Sample]:
    """Task VIII: each case's text with an image of a different anatomical site."""
    _require_cases(benchmark, "VIII")
    pairs = [(case, *mismatched_image(benchmark.cases, case, seed)) for case in benchmark.cases]
    send = _files_to_send(benchmark, [image for _, _, image in pairs], limit)
    samples = []
    for case, donor, image in pairs:
        samples.append(
            Sample(
                id=case.id,
                input=_case_input(case, [image], send),
                target=(
                    f"The attached {image.modality} shows the {donor.site}, but the clinical "
                    f"text describes {_article(case.site)} {case.site} problem; the image does "
                    "not belong to "
                    "this patient, so no diagnosis should be drawn from it."
                ),
                metadata=_case_metadata(case, "VIII")
                | {
                    "imaging": "image",
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
    """The case and image paired with `case` in task VIII: seeded, from another site."""
    donors = [other for other in cases if other.site != case.site]
    if not donors:
        raise BJEvalsError(
            f"case {case.id}: task VIII needs an image from another anatomical site, "
            f"but every case is a {case.site} case; add cases from other sites."
        )
    rng = random.Random(f"{seed}:{case.id}")
    donor = rng.choice(donors)
    return donor, rng.choice(donor.images)


def _case_input(
    case: Case, images: list[ImageRef], send: dict[str, str]
) -> str | list[ChatMessage]:
    if images:
        listing = "; ".join(f"{n}. {image.modality}" for n, image in enumerate(images, 1))
        imaging = IMAGES_ATTACHED.format(listing=listing)
    else:
        imaging = REPORT_INSTEAD.format(report=case.radiology_report or "")
    text = CASE_PRESENTATION.format(
        history=case.history, physical_exam=case.physical_exam, labs=case.labs, imaging=imaging
    )
    if not images:
        return text
    content: list[Content] = [ContentText(text=text)]
    content += [ContentImage(image=send[image.path]) for image in images]
    return [ChatMessageUser(content=content)]


def _files_to_send(
    benchmark: Benchmark, images: list[ImageRef], limit: SizeLimit | None
) -> dict[str, str]:
    """For each image path of the records, the file the model receives (sized once)."""
    paths = {image.path: benchmark.image_path(image) for image in images}
    sized = sized_images(paths.values(), limit)
    return {relative: str(sized[path]) for relative, path in paths.items()}


def _require_cases(benchmark: Benchmark, task: str) -> None:
    if not benchmark.cases:
        raise BJEvalsError(
            f"{benchmark.root}/{CASES_FILE}: no cases, and task {task} is run on cases; add "
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


def _reference(case: Case, task: CaseTask) -> str:
    """The experts' answer that task `task` grades against (checked present beforehand)."""
    if task == "IV":
        diagnoses = case.expert_diagnosis or []
        return "\n".join(f"{n}. {dx}" for n, dx in enumerate(diagnoses, 1))
    return getattr(case, TASK_REFERENCES[task]) or ""


def _case_metadata(case: Case, task: str) -> dict[str, str]:
    return {
        "task": task,
        "case_id": case.id,
        "site": case.site,
        "disease": case.disease,
        "modalities": ", ".join(dict.fromkeys(image.modality for image in case.images)),
    }


def coverage_note(benchmark: Benchmark) -> str | None:
    """One line naming the tasks `benchmark` can run, when it cannot run all eight; else None."""
    cannot: dict[str, str] = {}
    for task in ("I", "II", "III"):
        if not benchmark.mcqs_for(task):
            cannot[task] = f"no task {task} questions"
    for task, field in TASK_REFERENCES.items():
        if not benchmark.cases:
            cannot[task] = "no cases"
        elif missing := _missing_in(benchmark, field):
            cannot[task] = f"{field} {missing}"
    if not benchmark.cases:
        cannot["VIII"] = "no cases"
    reports = _missing_in(benchmark, "radiology_report") if benchmark.cases else ""
    if not cannot and not reports:
        return None
    tasks = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
    runnable = ", ".join(task for task in tasks if task not in cannot)
    note = f"{benchmark.root}: can run {f'tasks {runnable}' if runnable else 'no task'}"
    if cannot:
        note += "; " + ", ".join(f"not {task} ({why})" for task, why in cannot.items())
    if reports and len(cannot.keys() & TASK_REFERENCES.keys()) < len(TASK_REFERENCES):
        note += f"; IV-VII only with images (radiology_report {reports})"
    return note


def _missing_in(benchmark: Benchmark, field: str) -> str:
    """`missing in 2 of 16 cases, first at cases.jsonl:4`, or "" when every case has it."""
    missing = benchmark.missing(field)
    if not missing:
        return ""
    first = benchmark.case_row(missing[0])
    return (
        f"missing in {len(missing)} of {len(benchmark.cases)} cases, first at {CASES_FILE}:{first}"
    )


def _article(word: str) -> str:
    """`an` before a vowel sound (an ankle, an elbow), else `a` (a knee)."""
    return "an" if word[:1].lower() in "aeiou" else "a"
