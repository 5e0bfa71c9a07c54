"""Loading a data directory: every record validated, every problem named on one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bj_evals.data import DEMO_DIR
from bj_evals.data.problems import DataError
from bj_evals.data.records import load_benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source
from tests.conftest import case_record, mcq_record, write_dataset


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as raised:
        load_benchmark(root)
    return [str(problem) for problem in raised.value.problems]


def test_the_demo_set_is_valid_and_large_enough() -> None:
    demo = load_benchmark(DEMO_DIR)
    sites = {case.site for case in demo.cases}
    assert sites == {"knee", "hip", "shoulder", "ankle", "elbow", "wrist", "spine"}
    assert all(sum(c.site == site for c in demo.cases) >= 2 for site in sites)
    assert len(demo.mcqs_for("I")) >= 10 and len(demo.mcqs_for("II")) >= 10
    assert {q.case_id for q in demo.mcqs_for("III")} == {case.id for case in demo.cases}
    assert {case.images[0].modality for case in demo.cases} >= {"X-ray", "MRI"}


def broken_case(**changes: Any) -> dict[str, Any]:
    record = case_record("knee-9", "knee", "images/knee-9.png")
    record.update(changes)
    return {key: value for key, value in record.items() if value is not None}


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (broken_case(history=None), "cases.jsonl:2: history: field required; add it"),
        (
            broken_case(history="  "),
            "cases.jsonl:2: history: string should have at least 1 character",
        ),
        (broken_case(site="neck"), "cases.jsonl:2: site: input should be 'knee', 'hip'"),
        (
            broken_case(images=[{"path": "images/knee-9.png", "modality": "PET"}]),
            "cases.jsonl:2: images.0.modality: input should be 'X-ray', 'CT' or 'MRI'",
        ),
        (broken_case(images=[]), "cases.jsonl:2: images: list should have at least 1 item"),
        (broken_case(expert_diagnosis=[]), "cases.jsonl:2: expert_diagnosis: list should have"),
        (broken_case(diagnosis="typo"), "cases.jsonl:2: diagnosis: extra inputs are not permitted"),
    ],
)
def test_a_bad_case_is_named_by_file_row_and_field(
    tmp_path: Path, case: dict[str, Any], expected: str
) -> None:
    good = case_record("hip-1", "hip", "images/hip-1.png")
    root = write_dataset(tmp_path, [good, case], [])
    assert any(line.startswith(expected) for line in problems(root)), problems(root)


@pytest.mark.parametrize(
    ("mcq", "expected"),
    [
        (
            mcq_record("q", "I", options=["a", "b", "c", "d"]),
            "mcqs.jsonl:1: options: list should have at least 5",
        ),
        (
            mcq_record("q", "I", options=list("abcdef")),
            "mcqs.jsonl:1: options: list should have at most 5",
        ),
        (mcq_record("q", "I", answer="F"), "mcqs.jsonl:1: answer: input should be 'A'"),
        (
            mcq_record("q", "III"),
            "mcqs.jsonl:1: image: task III questions are answered from an image",
        ),
        (
            mcq_record("q", "I", image={"path": "images/hip-1.png", "modality": "X-ray"}),
            "mcqs.jsonl:1: image: task I questions are text only",
        ),
        (mcq_record("q", "I", case_id="nobody"), "mcqs.jsonl:1: case_id: no case has id 'nobody'"),
    ],
)
def test_a_bad_question_is_named_by_file_row_and_field(
    tmp_path: Path, mcq: dict[str, Any], expected: str
) -> None:
    root = write_dataset(tmp_path, [case_record("hip-1", "hip", "images/hip-1.png")], [mcq])
    assert any(line.startswith(expected) for line in problems(root)), problems(root)


def test_duplicates_missing_images_and_bad_json_are_all_reported(tmp_path: Path) -> None:
    cases = [case_record("a", "hip", "images/a.png"), case_record("a", "knee", "images/b.png")]
    root = write_dataset(tmp_path, cases, [])
    (root / "images" / "b.png").unlink()
    with (root / "mcqs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")

    found = problems(root)
    assert "cases.jsonl:1: id: 'a' is used 2 times; give each record its own id" in found
    assert any(
        line.startswith("cases.jsonl:2: images.0.path: images/b.png not found") for line in found
    )
    assert any(line.startswith("mcqs.jsonl:2: json:") for line in found)


def test_non_utf8_text_is_reported_by_row(tmp_path: Path) -> None:
    root = write_dataset(tmp_path, [case_record("a", "hip", "images/a.png")], [])
    line = json.dumps(mcq_record("q", "I")).encode().replace(b"Question", b"Qu\xe9stion")
    (root / "mcqs.jsonl").write_bytes(line + b"\n")
    assert problems(root) == ["mcqs.jsonl:1: text: not UTF-8; re-save the file as UTF-8"]


def test_a_task_source_with_problems_fails_with_one_line_naming_the_first(tmp_path: Path) -> None:
    root = write_dataset(
        tmp_path, [case_record("a", "hip", "images/a.png")], [mcq_record("q", "I", answer="Z")]
    )
    with pytest.raises(BJEvalsError) as raised:
        load_source(str(root))
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{root}/mcqs.jsonl:1: answer:")
    assert f"bj-evals validate {root}" in message


@pytest.mark.parametrize("source", ["no/such/dir", "hf"])
def test_an_unavailable_source_names_the_alternatives(source: str) -> None:
    with pytest.raises(BJEvalsError, match="-T source=demo"):
        load_source(source)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '{"id": "q", "task": "I", "stem": "S?", "options": ["a", "b", "c", "d", "e"], '
            '"answer": "A", "answer": "B"}',
            "mcqs.jsonl:1: answer: appears 2 times in this record, so its value is ambiguous; "
            "keep one",
        ),
        (
            '{"id": "q", "id": "q", "task": "I", "stem": "S?", "options": ["a", "b", "c", "d", '
            '"e"], "answer": "A"}',
            "mcqs.jsonl:1: id: appears 2 times in this record",
        ),
        (
            '{"id": "q", "task": "III", "stem": "S?", "options": ["a", "b", "c", "d", "e"], '
            '"answer": "A", "image": {"path": "images/a.png", "modality": "CT", '
            '"modality": "MRI"}}',
            "mcqs.jsonl:1: image.modality: appears 2 times in this record",
        ),
    ],
)
def test_a_key_given_twice_in_a_record_is_an_error(
    tmp_path: Path, line: str, expected: str
) -> None:
    root = write_dataset(tmp_path, [case_record("a", "hip", "images/a.png")], [])
    (root / "mcqs.jsonl").write_text(line + "\n", encoding="utf-8")
    found = problems(root)
    assert any(problem.startswith(expected) for problem in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u200b\u200b", "history: has no visible text (only invisible characters); fill it in"),
        ("\u200b \ufeff\u2060", "history: has no visible text"),
        ("Knee pain\x00 for 2 days", "history: contains the control character U+0000;"),
        ("Knee \x1b[31mpain\x1b[0m", "history: contains the control character U+001B;"),
        ("Bell\x07", "history: contains the control character U+0007;"),
        ("C1 control\x9b", "history: contains the control character U+009B;"),
    ],
)
def test_invisible_or_control_characters_in_text_are_errors(
    tmp_path: Path, text: str, expected: str
) -> None:
    good = case_record("hip-1", "hip", "images/hip-1.png")
    root = write_dataset(tmp_path, [good, broken_case(history=text)], [])
    assert any(line.startswith(f"cases.jsonl:2: {expected}") for line in problems(root)), problems(
        root
    )


def test_control_characters_in_options_and_ids_are_errors_too(tmp_path: Path) -> None:
    mcq = mcq_record("q\x1b", "I", options=["a", "b\x00", "c", "d", "e"])
    root = write_dataset(tmp_path, [case_record("a", "hip", "images/a.png")], [mcq])
    found = problems(root)
    assert any(line.startswith("mcqs.jsonl:1: id: contains the control") for line in found)
    assert any(line.startswith("mcqs.jsonl:1: options.1: contains the control") for line in found)


def test_new_lines_and_tabs_stay_allowed_in_text(tmp_path: Path) -> None:
    case = broken_case(history="Line one.\r\nLine two.\n\tIndented.")
    benchmark = load_benchmark(write_dataset(tmp_path, [case], []))
    assert benchmark.cases[0].history == "Line one.\r\nLine two.\n\tIndented."


def test_the_expert_references_and_the_report_are_optional(tmp_path: Path) -> None:
    optional = (
        "radiology_report",
        "expert_diagnosis",
        "expert_diagnostic_reasoning",
        "expert_treatment_plan",
        "expert_treatment_reasoning",
    )
    case = broken_case(**dict.fromkeys(optional))
    [loaded] = load_benchmark(write_dataset(tmp_path, [case], [])).cases
    assert all(getattr(loaded, field) is None for field in optional)
