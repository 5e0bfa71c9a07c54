"""Reading a grader's verdict in each format: validated against the schema, never guessed."""

from __future__ import annotations

import json

import pytest
from inspect_ai.model import ModelOutput

from bj_evals.scorers.clinical import CLINICAL_JUDGE, ClinicalVerdict
from bj_evals.scorers.failures import main_failure
from bj_evals.scorers.mismatch import MISMATCH_JUDGE, MismatchVerdict
from bj_evals.scorers.verdict_format import UnusableReply, instructions, read, verdict_tool
from tests.helpers import reply, verdict


def test_a_submitted_verdict_is_read_whatever_its_case() -> None:
    output = verdict(verdict="correct", failure="None", explanation="same diagnosis")
    assert read(output, "tool", ClinicalVerdict) == ClinicalVerdict(
        verdict="Correct", failure=None, explanation="same diagnosis"
    )


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        (reply("Correct."), "no verdict submitted; the grader replied 'Correct.'"),
        (reply(""), "no verdict submitted; the grader replied nothing"),
        (verdict(verdict="Maybe", explanation="?"), "unusable verdict (verdict: Input should be"),
        (verdict(explanation="forgot it"), "unusable verdict (verdict: Field required)"),
        (verdict(verdict="Correct, mostly", explanation="?"), "unusable verdict (verdict: "),
        (verdict(verdict="**Maybe**", explanation="?"), "unusable verdict (verdict: "),
    ],
)
def test_a_tool_reply_without_a_valid_verdict_says_why(output: ModelOutput, reason: str) -> None:
    with pytest.raises(UnusableReply) as raised:
        read(output, "tool", ClinicalVerdict)
    assert str(raised.value).startswith(reason)


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize(
    "text",
    [
        '{"verdict": "Incorrect", "failure": "reasoning", "explanation": "wrong level"}',
        'Here it is:\n```json\n{"verdict": "incorrect", "failure": "Reasoning", "explanation": "wrong level"}\n```',
        '{"verdict": "Incorrect", "failure": "reasoning", "explanation": "wrong level"} and more {"verdict": "Correct"}',
    ],
)
def test_a_json_reply_is_read_from_its_first_object(fmt: str, text: str) -> None:
    parsed = read(reply(text), fmt, ClinicalVerdict)  # type: ignore[arg-type]
    assert parsed == ClinicalVerdict(
        verdict="Incorrect", failure="reasoning", explanation="wrong level"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("VERDICT: Correct", "no JSON object in the reply 'VERDICT: Correct'"),
        ('{"verdict": "Correct", ', "the reply's JSON does not parse"),
        ('{"verdict": "Correct"}', "unusable verdict (explanation: Field required)"),
    ],
)
def test_a_json_reply_that_does_not_fit_says_why(text: str, reason: str) -> None:
    with pytest.raises(UnusableReply) as raised:
        read(reply(text), "text", ClinicalVerdict)
    assert str(raised.value).startswith(reason)


@pytest.mark.parametrize("fmt", ["tool", "text"])
@pytest.mark.parametrize(
    ("given", "verdict_word", "category"),
    [
        ({"verdict": "Correct", "failure": "knowledge gap"}, "Correct", None),
        ({"verdict": "Incorrect", "failure": "Perceptual error"}, "Incorrect", "unspecified"),
        ({"verdict": "Unclear", "failure": ["refusal", "incomplete"]}, "Unclear", "unspecified"),
    ],
)
def test_a_verdict_is_kept_when_only_its_failure_is_unrecognised(
    fmt: str, given: dict[str, object], verdict_word: str, category: str | None
) -> None:
    arguments = {**given, "explanation": "scripted"}
    output = verdict(**arguments) if fmt == "tool" else reply(json.dumps(arguments))
    parsed = read(output, fmt, ClinicalVerdict)  # type: ignore[arg-type]
    assert parsed.verdict == verdict_word
    assert CLINICAL_JUDGE.failure(parsed) == category
    written = given["failure"]
    assert parsed.failure_written == (written if isinstance(written, str) else json.dumps(written))
    assert parsed.model_dump()["failure_written"] == parsed.failure_written


@pytest.mark.parametrize("fmt", ["tool", "text"])
def test_a_mismatch_verdict_is_kept_when_only_its_failure_is_unrecognised(fmt: str) -> None:
    arguments = {
        "mismatch_detected": False,
        "text_driven_diagnosis": True,
        "failure": "Hallucinated a knee",
        "explanation": "scripted",
    }
    output = verdict(**arguments) if fmt == "tool" else reply(json.dumps(arguments))
    parsed = read(output, fmt, MismatchVerdict)  # type: ignore[arg-type]
    assert (parsed.mismatch_detected, parsed.text_driven_diagnosis) == (False, True)
    assert MISMATCH_JUDGE.failure(parsed) == "unspecified"
    assert parsed.failure_written == "Hallucinated a knee"


@pytest.mark.parametrize(
    "written", ["reasoning", "Reasoning", "**Reasoning**", "Reasoning.", " `reasoning` "]
)
def test_a_named_failure_is_read_through_markdown_and_a_full_stop(written: str) -> None:
    arguments = {"verdict": "Incorrect", "failure": written, "explanation": "scripted"}
    parsed = read(reply(json.dumps(arguments)), "text", ClinicalVerdict)
    assert (parsed.failure, parsed.failure_written) == ("reasoning", None)


def test_a_grader_cannot_write_the_failure_as_written_itself() -> None:
    arguments = {"verdict": "Incorrect", "failure": "reasoning", "failure_written": "x"}
    parsed = read(verdict(**arguments, explanation="scripted"), "tool", ClinicalVerdict)
    assert (parsed.failure, parsed.failure_written) == ("reasoning", None)


@pytest.mark.parametrize("fmt", ["tool", "text"])
@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("**Correct**", "Correct"),
        ("Correct.", "Correct"),
        ("*Incorrect*", "Incorrect"),
        ("__Unclear__", "Unclear"),
        ("**incorrect.**", "Incorrect"),
        (" `Correct` ", "Correct"),
    ],
)
def test_verdict_words_with_markdown_or_a_full_stop_are_read(
    fmt: str, written: str, expected: str
) -> None:
    arguments = {"verdict": written, "failure": None, "explanation": "scripted"}
    output = verdict(**arguments) if fmt == "tool" else reply(json.dumps(arguments))
    assert read(output, fmt, ClinicalVerdict).verdict == expected  # type: ignore[arg-type]


def test_the_grader_is_not_asked_for_the_failure_as_written() -> None:
    for schema in (ClinicalVerdict, MismatchVerdict):
        assert "failure_written" not in instructions("text", schema)
        assert "failure_written" not in verdict_tool(schema).parameters.properties


def test_mismatch_verdicts_are_booleans() -> None:
    output = verdict(mismatch_detected=True, text_driven_diagnosis=False, explanation="noticed")
    parsed = read(output, "tool", MismatchVerdict)
    assert parsed.mismatch_detected and not parsed.text_driven_diagnosis


def test_text_instructions_name_every_field_of_the_schema() -> None:
    text = instructions("text", MismatchVerdict)
    assert text.startswith("Reply with only a JSON object")
    for field in ("mismatch_detected", "text_driven_diagnosis", "failure", "explanation"):
        assert f"- {field}: " in text


@pytest.mark.parametrize(
    ("failures", "expected"),
    [
        ([None, None, "reasoning"], None),
        ([None, "knowledge", "reasoning"], "knowledge"),
        (["reasoning", "knowledge", "reasoning"], "reasoning"),
        (["unspecified", "unspecified", "perception"], "perception"),
        (["unspecified", "unspecified", None], "unspecified"),
        ([], None),
    ],
)
def test_a_sample_fails_for_its_most_common_reason_when_most_verdicts_fail(
    failures: list[str | None], expected: str | None
) -> None:
    assert main_failure(failures) == expected  # type: ignore[arg-type]
