"""Task views: records to Inspect samples, images as file references."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai.model import ChatMessageUser, ContentImage

from bj_evals.data.records import load_benchmark
from bj_evals.data.samples import case_samples, inconsistency_samples, mcq_samples, mismatched_image
from bj_evals.errors import BJEvalsError
from tests.conftest import case_record, write_dataset


def images_of(sample_input: object) -> list[str]:
    assert isinstance(sample_input, list)
    [message] = sample_input
    assert isinstance(message, ChatMessageUser) and isinstance(message.content, list)
    return [part.image for part in message.content if isinstance(part, ContentImage)]


def test_record_to_sample_for_questions(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    [first, second] = mcq_samples(benchmark, "I", None)
    assert (first.id, first.target, first.choices) == (
        "kr-1",
        "A",
        ["one", "two", "three", "four", "five"],
    )
    assert first.input == "Question kr-1?"
    assert second.metadata == {"task": "I", "case_id": "kr-2", "site": "hip"}
    [image_question, _] = mcq_samples(benchmark, "III", None)
    assert images_of(image_question.input) == [str(dataset / "images/knee-1.png")]
    assert image_question.metadata is not None
    assert image_question.metadata["case_id"] == "knee-1"


def test_record_to_sample_for_cases_with_images_or_reports(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    with_images = case_samples(benchmark, "IV", "image", None)[0]
    with_report = case_samples(benchmark, "IV", "report", None)[0]

    assert images_of(with_images.input) == [str(dataset / "images/knee-1.png")]
    assert Path(images_of(with_images.input)[0]).is_file()
    assert isinstance(with_report.input, str)
    assert "Radiology report: Report of the knee radiograph." in with_report.input
    assert with_images.target == "1. knee fracture\n2. osteopenia"
    assert with_images.metadata is not None
    assert with_images.metadata["site"] == "knee" and with_images.metadata["imaging"] == "image"


def test_each_case_task_takes_its_own_expert_reference(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    targets = {
        task: case_samples(benchmark, task, "report", None)[0].target for task in ("V", "VI", "VII")
    }
    assert targets == {
        "V": "Reasoning about the knee.",
        "VI": "Plan for the knee.",
        "VII": "Why this plan for the knee.",
    }


def test_inconsistency_pairing_is_seeded_and_never_the_same_site(dataset: Path) -> None:
    benchmark = load_benchmark(dataset)
    first = inconsistency_samples(benchmark, 0, None)
    again = inconsistency_samples(benchmark, 0, None)
    other_seeds = [inconsistency_samples(benchmark, s, None) for s in range(1, 6)]

    assert [s.metadata for s in first] == [s.metadata for s in again]
    assert any([s.metadata for s in first] != [s.metadata for s in other] for other in other_seeds)
    for samples in [first, *other_seeds]:
        for sample in samples:
            assert sample.metadata is not None
            assert sample.metadata["image_site"] != sample.metadata["site"]
            assert images_of(sample.input) == [str(dataset / sample.metadata["image_path"])]


def test_pairing_is_impossible_when_every_case_is_from_one_site(tmp_path: Path) -> None:
    cases = [case_record(f"k{n}", "knee", f"images/k{n}.png") for n in range(3)]
    benchmark = load_benchmark(write_dataset(tmp_path, cases, []))
    with pytest.raises(BJEvalsError, match="add cases from other sites"):
        mismatched_image(benchmark.cases, benchmark.cases[0], seed=0)
