"""What stands for the imaging: images, or reports for text-only providers."""

from __future__ import annotations

import pytest

from bj_evals.errors import BJEvalsError
from bj_evals.tasks.imaging import imaging_option, resolve_imaging


@pytest.mark.parametrize(
    ("modality", "model", "expected"),
    [
        ("auto", None, "image"),
        ("auto", "openai/gpt-4o", "image"),
        ("auto", "hf/meta-llama/Llama-3.1-8B-Instruct", "report"),
        ("report", "openai/gpt-4o", "report"),
        ("report", "hf/gpt2", "report"),
        ("image", "anthropic/claude-3-5-sonnet-latest", "image"),
    ],
)
def test_the_choice_follows_the_request_and_the_provider(
    modality: str, model: str | None, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert resolve_imaging("diagnosis_generation", modality, model) == expected
    assert f"diagnosis_generation: imaging shown as {expected}" in capsys.readouterr().err


def test_forcing_images_on_a_text_only_provider_names_both_ways_out() -> None:
    with pytest.raises(BJEvalsError) as raised:
        resolve_imaging("diagnosis_generation", "image", "hf/gpt2")
    assert "-T imaging=report" in str(raised.value) and "hfvlm/" in str(raised.value)


def test_image_only_tasks_refuse_a_text_only_provider_and_the_report() -> None:
    with pytest.raises(BJEvalsError, match="hfvlm/") as raised:
        resolve_imaging("inconsistency_detection", "image", "hf/gpt2", image_only=True)
    assert "-T imaging=report to" not in str(raised.value)
    with pytest.raises(BJEvalsError, match="does not apply"):
        resolve_imaging("inconsistency_detection", "report", "openai/gpt-4o", image_only=True)


def test_an_unknown_modality_lists_the_choices() -> None:
    with pytest.raises(BJEvalsError, match="use one of auto, image, report"):
        resolve_imaging("diagnosis_generation", "video", None)


def test_the_former_option_name_still_chooses_the_imaging() -> None:
    assert imaging_option("auto", "report") == "report"
    assert imaging_option("report", None) == "report"
    assert imaging_option("report", "report") == "report"
    with pytest.raises(BJEvalsError, match="-T imaging=image and -T modality=report disagree"):
        imaging_option("image", "report")
