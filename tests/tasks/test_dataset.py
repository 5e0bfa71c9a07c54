"""Task views: records to Inspect samples, images as file references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inspect_ai.model import ChatMessageUser, ContentImage

from bj_evals import diagnosis_generation, inconsistency_detection, knowledge_recall
from bj_evals.data.records import load_benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source
from bj_evals.task_table import CaseTaskId, McqTaskId, paper_task
from bj_evals.tasks.dataset import (
    case_samples,
    inconsistency_samples,
    mcq_samples,
    mismatched_image,
)
from tests.conftest import SITES, case_record, mcq_record, write_dataset


def images_of(sample_input: object) -> list[str]:
    assert isinstance(sample_input, list)
    [message] = sample_input
    assert isinstance(message, ChatMessageUser) and isinstance(message.content, list)
    return [part.image for part in message.content if isinstance(part, ContentImage)]


def sends(sample_input: object, *files: Path) -> bool:
    """Whether the images of a sample are copies of `files`' bytes (never the files themselves)."""
    sent = [Path(image) for image in images_of(sample_input)]
    return [path.read_bytes() for path in sent] == [path.read_bytes() for path in files] and all(
        path not in files for path in sent
    )


def test_record_to_sample_for_questions(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    [first, second] = mcq_samples(benchmark, paper_task("I"), None)
    assert (first.id, first.target, first.choices) == (
        "kr-1",
        "A",
        ["one", "two", "three", "four", "five"],
    )
    assert first.input == "Question kr-1?"
    assert second.metadata == {"bj_task": "I", "case_id": "kr-2", "site": "hip"}
    [image_question, _] = mcq_samples(benchmark, paper_task("III"), None)
    assert sends(image_question.input, dataset / "images/knee-1.png")
    assert image_question.metadata is not None
    assert image_question.metadata["case_id"] == "knee-1"


def test_record_to_sample_for_cases_with_images_or_reports(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    with_images = case_samples(benchmark, paper_task("IV"), "image", None)[0]
    with_report = case_samples(benchmark, paper_task("IV"), "report", None)[0]

    assert sends(with_images.input, dataset / "images/knee-1.png")
    assert isinstance(with_report.input, str)
    assert "Radiology report: Report of the knee radiograph." in with_report.input
    assert with_images.target == "1. knee fracture\n2. osteopenia"
    assert with_images.metadata is not None
    assert with_images.metadata["site"] == "knee" and with_images.metadata["imaging"] == "image"


def test_each_case_task_takes_its_own_expert_reference(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    targets = {
        task: case_samples(benchmark, paper_task(task), "report", None)[0].target
        for task in ("V", "VI", "VII")
    }
    assert targets == {
        "V": "Reasoning about the knee.",
        "VI": "Plan for the knee.",
        "VII": "Why this plan for the knee.",
    }


def test_inconsistency_pairing_is_seeded_and_never_the_same_site(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    first = inconsistency_samples(benchmark, paper_task("VIII"), 0, None)
    again = inconsistency_samples(benchmark, paper_task("VIII"), 0, None)
    other_seeds = [
        inconsistency_samples(benchmark, paper_task("VIII"), s, None) for s in range(1, 6)
    ]

    assert [s.metadata for s in first] == [s.metadata for s in again]
    assert any([s.metadata for s in first] != [s.metadata for s in other] for other in other_seeds)
    for samples in [first, *other_seeds]:
        for sample in samples:
            assert sample.metadata is not None
            assert sample.metadata["image_site"] != sample.metadata["site"]
            assert sends(sample.input, dataset / sample.metadata["image_path"])


def test_pairing_is_impossible_when_every_case_is_from_one_site(tmp_path: Path) -> None:
    cases = [case_record(f"k{n}", "knee", f"images/k{n}.png") for n in range(3)]
    benchmark = load_benchmark(write_dataset(tmp_path, cases, []))
    with pytest.raises(BJEvalsError, match="add cases from other sites"):
        mismatched_image(benchmark.cases, benchmark.cases[0], seed=0)


def without(record: dict[str, Any], *fields: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in fields}


def test_a_case_task_runs_when_only_other_tasks_references_are_missing(tmp_path: Path) -> None:
    cases = [
        without(case_record(f"{site}-1", site, f"images/{site}.png"), "expert_treatment_plan")
        for site in SITES
    ]
    benchmark = load_benchmark(write_dataset(tmp_path, cases, []))
    assert len(case_samples(benchmark, paper_task("IV"), "image", None)) == 3
    assert len(inconsistency_samples(benchmark, paper_task("VIII"), 0, None)) == 3


@pytest.mark.parametrize(
    ("task", "field"),
    [
        ("IV", "expert_diagnosis"),
        ("V", "expert_diagnostic_reasoning"),
        ("VI", "expert_treatment_plan"),
        ("VII", "expert_treatment_reasoning"),
    ],
)
def test_a_case_task_refuses_in_one_line_when_its_reference_is_missing(
    tmp_path: Path, task: CaseTaskId, field: str
) -> None:
    cases = [case_record("knee-1", "knee", "images/k1.png")]
    cases += [without(case_record(f"hip-{n}", "hip", f"images/h{n}.png"), field) for n in (2, 3)]
    root = write_dataset(tmp_path, cases, [])
    with pytest.raises(BJEvalsError) as raised:
        case_samples(load_benchmark(root), paper_task(task), "image", None)
    assert str(raised.value) == (
        f"{root}/cases.jsonl:2: {field}: missing in 2 of 3 cases, and task {task} grades "
        f"against it; add it to every case, or leave task {task} out "
        f"(`bj-evals validate {root}` lists the tasks this data can run)"
    )


def test_the_report_instead_of_images_refuses_when_a_case_has_no_report(tmp_path: Path) -> None:
    cases = [
        case_record("knee-1", "knee", "images/k1.png"),
        without(case_record("hip-1", "hip", "images/h1.png"), "radiology_report"),
    ]
    root = write_dataset(tmp_path, cases, [])
    benchmark = load_benchmark(root)
    assert len(case_samples(benchmark, paper_task("IV"), "image", None)) == 2
    with pytest.raises(BJEvalsError) as raised:
        case_samples(benchmark, paper_task("IV"), "report", None)
    assert str(raised.value) == (
        f"{root}/cases.jsonl:2: radiology_report: missing in 1 of 2 cases, and a text-only "
        "model reads the report instead of the images; add it to every case, or evaluate "
        "with images (-T imaging=image and a model that takes images)"
    )


def test_no_cases_is_a_one_line_error_before_any_model_call(tmp_path: Path) -> None:
    root = write_dataset(tmp_path, [], [mcq_record("kr-1", "I")])
    benchmark = load_benchmark(root)
    expected = (
        f"{root}/cases.jsonl: no cases, and task {{task}} is run on cases; add cases, or run only "
        "the tasks this data has (`bj-evals validate "
        f"{root}` lists them)"
    )
    with pytest.raises(BJEvalsError) as raised:
        case_samples(benchmark, paper_task("V"), "image", None)
    assert str(raised.value) == expected.format(task="V")
    with pytest.raises(BJEvalsError) as raised:
        inconsistency_samples(benchmark, paper_task("VIII"), 0, None)
    assert str(raised.value) == expected.format(task="VIII")


@pytest.mark.parametrize("task", ["I", "II", "III"])
def test_no_questions_of_a_task_is_a_one_line_error_before_any_model_call(
    tmp_path: Path, task: McqTaskId
) -> None:
    other = "II" if task == "I" else "I"
    root = write_dataset(tmp_path, [], [mcq_record("q", other)])
    with pytest.raises(BJEvalsError) as raised:
        mcq_samples(load_benchmark(root), paper_task(task), None)
    assert str(raised.value) == (
        f"{root}/mcqs.jsonl: no questions of task {task}; add some, or run only the tasks "
        f"this data has (`bj-evals validate {root}` lists them)"
    )


def test_tasks_with_an_empty_source_fail_when_built_before_any_model_call(tmp_path: Path) -> None:
    root = str(write_dataset(tmp_path, [], []))
    with pytest.raises(BJEvalsError, match="no questions of task I;"):
        knowledge_recall(source=root)
    with pytest.raises(BJEvalsError, match="no cases, and task IV is run on cases"):
        diagnosis_generation(source=root, imaging="image")
    with pytest.raises(BJEvalsError, match="no cases, and task VIII is run on cases"):
        inconsistency_detection(source=root)


def test_the_mismatch_reference_reads_right_for_every_site() -> None:
    demo = load_source("demo")
    targets = {
        sample.metadata["site"]: str(sample.target)  # type: ignore[index]
        for sample in inconsistency_samples(demo, paper_task("VIII"), 0, None)
    }
    assert "describes an ankle problem" in targets["ankle"]
    assert "describes an elbow problem" in targets["elbow"]
    assert "describes a knee problem" in targets["knee"]
