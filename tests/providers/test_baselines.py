"""The offline stand-ins: a seeded chance baseline and a keyword grader that say what they are."""

from __future__ import annotations

import asyncio
from collections import Counter

from inspect_ai import eval
from inspect_ai.model import get_model

from bj_evals import diagnosis_generation, knowledge_recall
from bj_evals.prompts import KNOWLEDGE_RECALL_PROMPT
from bj_evals.scorers.clinical import CLINICAL_JUDGE, ClinicalVerdict
from bj_evals.scorers.mismatch import MismatchVerdict
from bj_evals.scorers.verdict_format import verdict_tool


def chance_letter(question: str) -> str:
    prompt = KNOWLEDGE_RECALL_PROMPT.format(question=question, choices="", letters="A,B,C,D,E")
    output = asyncio.run(get_model("chance/uniform", memoize=False).generate(prompt))
    return output.completion


def test_chance_answers_every_letter_about_equally_and_reproducibly() -> None:
    letters = Counter(chance_letter(f"Question {n}?") for n in range(500))
    assert set(letters) == {f"ANSWER: {x}" for x in "ABCDE"}
    assert all(60 <= count <= 140 for count in letters.values()), letters
    assert chance_letter("Question 7?") == chance_letter("Question 7?")


def test_chance_runs_offline_through_inspect_and_says_it_is_no_model() -> None:
    [mcq] = eval(
        knowledge_recall, task_args={"source": "demo"}, model="chance/uniform", display="none"
    )
    assert mcq.status == "success"
    [case] = eval(
        diagnosis_generation,
        task_args={"source": "demo", "judge_repeats": 1},
        model="chance/uniform",
        model_roles={"grader": "keyword/grader"},
        display="none",
        limit=2,
    )
    assert case.samples is not None
    assert "chance baseline, not a model" in case.samples[0].output.completion
    score = case.samples[0].scores["bj_evals/clinical_judge"]  # type: ignore[index]
    assert "Keyword stand-in, not a clinical judgment" in (score.explanation or "")


def grade(tool: object, reference: str, answer: str) -> dict[str, object]:
    prompt = CLINICAL_JUDGE.prompt("tool", "A case.", reference, answer)
    model = get_model("keyword/grader", memoize=False)
    output = asyncio.run(model.generate(prompt, tools=[tool]))  # type: ignore[list-item]
    assert output.message.tool_calls
    return output.message.tool_calls[0].arguments


VERDICT_TOOL, MISMATCH_TOOL = verdict_tool(ClinicalVerdict), verdict_tool(MismatchVerdict)


def test_the_keyword_grader_counts_reference_terms() -> None:
    reference = "Displaced femoral neck fracture"
    assert (
        grade(VERDICT_TOOL, reference, "A displaced fracture of the femoral neck.")["verdict"]
        == "Correct"
    )
    assert grade(VERDICT_TOOL, reference, "Hip osteoarthritis.")["verdict"] == "Incorrect"
    assert grade(VERDICT_TOOL, reference, "")["verdict"] == "Unclear"


def test_the_keyword_grader_looks_for_mismatch_cues() -> None:
    noticed = grade(MISMATCH_TOOL, "knee image", "The image does not match the history.")
    followed = grade(MISMATCH_TOOL, "knee image", "Rotator cuff tear.")
    assert noticed["mismatch_detected"] is True and noticed["text_driven_diagnosis"] is False
    assert followed["mismatch_detected"] is False and followed["text_driven_diagnosis"] is True
