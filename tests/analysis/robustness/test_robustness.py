"""The robustness report: prompt sensitivity, circular accuracy, letters, refusals and pass@k.

Every expected number is computed here from the scripted behaviour, not by the code under test.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import ModelOutput
from matplotlib.patches import Rectangle

from bj_evals import (
    diagnosis_generation,
    image_interpretation,
    knowledge_recall,
    note_interpretation,
)
from bj_evals.analysis import read_logs, write_report
from bj_evals.analysis.robustness.figures import prompt_spread_figure
from bj_evals.importing.sources import load_source
from bj_evals.task_table import paper_task
from tests.analysis.conftest import run_task
from tests.helpers import Call, Scripted, asked_with, reply, verdict

DEMO = load_source("demo")
RECALL, DIAGNOSIS = paper_task("knowledge_recall"), paper_task("diagnosis_generation")
QUESTIONS = DEMO.mcqs_for(RECALL.id)
INDEX_OF_OPTIONS = {frozenset(q.options): n for n, q in enumerate(DEMO.mcqs)}
INDEX_OF_HISTORY = {case.history: n for n, case in enumerate(DEMO.cases)}

RIGHT_UNDER = {0: lambda i: i % 2 == 0, 1: lambda i: i % 3 == 0, 2: lambda i: i < 9}
"""Per prompt variant, on which questions and cases (by index) the sensitive model is right."""


def shown_options(call: Call) -> dict[str, str]:
    return dict(re.findall(r"^([A-E])\) (.*)$", call.text, re.M))


def question_of(call: Call) -> int | None:
    return INDEX_OF_OPTIONS.get(frozenset(shown_options(call).values()))


def case_of(call: Call) -> int:
    return next(n for history, n in INDEX_OF_HISTORY.items() if history in call.text)


def letter_of_right(call: Call) -> str:
    question = DEMO.mcqs[question_of(call) or 0]
    right = question.options["ABCDE".index(question.answer)]
    return next(letter for letter, text in shown_options(call).items() if text == right)


def wrong(letter: str) -> str:
    return "ABCDE"[("ABCDE".index(letter) + 1) % 5]


def sensitive(call: Call) -> ModelOutput:
    """Right or wrong by the prompt variant it was asked with and the question or case."""
    if question_of(call) is not None:
        index = QUESTIONS.index(DEMO.mcqs[question_of(call) or 0])
        right = RIGHT_UNDER[asked_with(RECALL.prompts, call.text)](index)
        return reply(f"ANSWER: {letter_of_right(call) if right else wrong(letter_of_right(call))}")
    right = RIGHT_UNDER[asked_with(DIAGNOSIS.prompts, call.text)](case_of(call))
    return reply("RIGHT diagnosis." if right else "WRONG diagnosis.")


def grade(call: Call) -> ModelOutput:
    """Correct for RIGHT; a refusal named for UNABLE; else Incorrect."""
    if "RIGHT" in call.answer or call.is_format_check:
        return verdict(verdict="Correct", explanation="s")
    if "unable" in call.answer:
        return verdict(verdict="Unclear", failure="refusal", explanation="s")
    return verdict(verdict="Incorrect", failure="knowledge", explanation="s")


def fleiss_by_hand(outcomes: np.ndarray) -> float:
    """Fleiss (1971): rows are cases, columns raters, values correct (1) or not (0)."""
    raters = outcomes.shape[1]
    counts = np.stack([outcomes.sum(axis=1), raters - outcomes.sum(axis=1)], axis=1)
    agreement = ((counts * (counts - 1)).sum(axis=1) / (raters * (raters - 1))).mean()
    shares = counts.sum(axis=0) / counts.sum()
    chance = (shares**2).sum()
    return float((agreement - chance) / (1 - chance))


@pytest.mark.slow  # many scripted runs of every task
def test_three_prompt_variants_give_spread_flip_rate_and_kappa_as_computed_by_hand(
    tmp_path: Path,
) -> None:
    logs = tmp_path / "logs"
    for variant in (0, 1, 2):
        run_task(knowledge_recall, logs, sensitive, source="demo", prompt_variant=variant)
        run_task(
            diagnosis_generation, logs, sensitive, grade, source="demo", prompt_variant=variant
        )

    write_report(read_logs([logs]), tmp_path / "out")

    table = pd.read_csv(tmp_path / "out" / "prompt_variants.csv").set_index("bj_task")
    for row, n in ((RECALL, len(QUESTIONS)), (DIAGNOSIS, len(DEMO.cases))):
        outcomes = np.array([[RIGHT_UNDER[v](i) for v in (0, 1, 2)] for i in range(n)], dtype=int)
        accuracy = outcomes.mean(axis=0)
        got = table.loc[row.id]
        assert got["n"] == n and got["label"] == "model"
        assert [got[f"accuracy_{v}"] for v in (0, 1, 2)] == pytest.approx(list(accuracy))
        assert got["spread"] == pytest.approx(accuracy.max() - accuracy.min())
        flips = sum(len(set(case)) > 1 for case in outcomes.tolist()) / n
        assert got["flip_rate"] == pytest.approx(flips)
        assert got["fleiss_kappa"] == pytest.approx(fleiss_by_hand(outcomes))
        assert got["spread_low"] <= got["spread"] <= got["spread_high"]
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert "mockllm/model (prompt_variant=2)" in set(results["model"])
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "## Prompt sensitivity" in markdown and "prompt_sensitivity.png" in markdown
    again = write_report(read_logs([logs]), tmp_path / "again")
    assert pd.read_csv(tmp_path / "again" / "prompt_variants.csv").equals(table.reset_index())
    assert again.files


def test_the_spread_figure_has_a_bar_per_task_and_model_at_its_spread_with_its_interval() -> None:
    variants = pd.DataFrame(
        {
            "bj_task": [RECALL.id, RECALL.id, DIAGNOSIS.id],
            "label": ["steady", "fragile", "fragile (report)"],
            "model_id": ["mockllm/steady", "mockllm/fragile", "mockllm/fragile"],
            "spread": [0.05, 0.30, 0.125],
            "spread_low": [0.0, 0.12, 0.05],
            "spread_high": [0.15, 0.45, 0.25],
            "variants": ["0, 1, 2"] * 3,
        }
    )
    figure = prompt_spread_figure(variants)
    recall, diagnosis = figure.axes[:2]
    bars = [p for p in recall.patches if isinstance(p, Rectangle)]
    assert [round(p.get_width(), 6) for p in bars] == [5.0, 30.0]
    assert [t.get_text() for t in recall.get_yticklabels()] == ["steady", "fragile"]
    [bar] = [p for p in diagnosis.patches if isinstance(p, Rectangle)]
    assert bar.get_width() == pytest.approx(12.5) and bar.get_facecolor() == bars[1].get_facecolor()
    assert recall.get_title(loc="left").startswith(RECALL.id) and diagnosis.get_title(
        loc="left"
    ).startswith(DIAGNOSIS.id)


def always_a(call: Call) -> ModelOutput:
    return reply("ANSWER: A")


def always_right(call: Call) -> ModelOutput:
    return reply(f"ANSWER: {letter_of_right(call)}")


@pytest.mark.slow  # many scripted runs of every task
def test_circular_accuracy_is_0_for_always_a_and_100_for_always_right_and_letters_show_it(
    tmp_path: Path,
) -> None:
    logs = tmp_path / "logs"
    tasks = (knowledge_recall, note_interpretation, image_interpretation)
    for respond, name in ((always_a, "mockllm/always-a"), (always_right, "mockllm/right")):
        for task in tasks:
            run_task(task, logs, respond, name=name, source="demo", option_order="circular")
    run_task(knowledge_recall, logs, always_a, name="mockllm/always-a", source="demo")

    write_report(read_logs([logs]), tmp_path / "out")

    circular = pd.read_csv(tmp_path / "out" / "option_order.csv")
    assert len(circular) == 6
    for _, row in circular.iterrows():
        questions = len(DEMO.mcqs_for(row["bj_task"]))
        assert (row["questions"], row["incomplete"], row["rotations"]) == (questions, 0, 5)
        if row["label"] == "always-a":
            assert (row["circular_accuracy"], row["all_rotations_accuracy"]) == (0.0, 0.2)
        else:
            assert (row["circular_accuracy"], row["all_rotations_accuracy"]) == (1.0, 1.0)
    recall = circular[(circular["bj_task"] == RECALL.id) & (circular["label"] == "always-a")]
    keys_on_a = sum(q.answer == "A" for q in QUESTIONS) / len(QUESTIONS)
    assert recall["fixed_accuracy"].item() == pytest.approx(keys_on_a)
    letters = pd.read_csv(tmp_path / "out" / "answer_letters.csv").set_index(["bj_task", "label"])
    biased = letters.loc[(RECALL.id, "always-a (option_order=circular)")]
    assert (biased["answer_A"], biased["key_A"], biased["most_over"]) == (1.0, 0.2, "A")
    assert biased["excess"] == pytest.approx(0.8)
    fixed = letters.loc[(RECALL.id, "always-a")]
    assert (fixed["answer_A"], fixed["key_A"]) == (1.0, pytest.approx(keys_on_a))
    right = letters.loc[(RECALL.id, "right (option_order=circular)")]
    assert [right[f"answer_{x}"] for x in "ABCDE"] == [0.2] * 5
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "## Option order: circular" in markdown and "answer_letters.png" in markdown


def refuser(call: Call) -> ModelOutput:
    """Names no letter on every fourth question, says nothing on the next; refuses a third of cases."""
    if question_of(call) is not None:
        index = QUESTIONS.index(DEMO.mcqs[question_of(call) or 0])
        if index % 4 == 0:
            return reply("I would rather not choose without examining the patient.")
        if index % 4 == 1 and asked_with(RECALL.prompts, call.text) == 0:
            return reply("")
        return reply(f"ANSWER: {letter_of_right(call)}")
    return reply("I am unable to diagnose this." if case_of(call) % 3 == 0 else "WRONG.")


def test_refusals_are_counted_per_model_task_and_prompt_variant_apart_from_wrong_answers(
    tmp_path: Path,
) -> None:
    logs = tmp_path / "logs"
    for variant in (0, 1):
        run_task(knowledge_recall, logs, refuser, name="mockllm/refuser", source="demo", prompt_variant=variant)  # fmt: skip
    run_task(diagnosis_generation, logs, refuser, grade, name="mockllm/refuser", source="demo", judge_repeats=1)  # fmt: skip
    run_task(knowledge_recall, logs, always_right, name="mockllm/right", source="demo")

    write_report(read_logs([logs]), tmp_path / "out")

    table = pd.read_csv(tmp_path / "out" / "refusals.csv")
    got = {(r.bj_task, r.label, r.prompt_variant): (r.n, r.refusals, r.other_failures) for r in table.itertuples()}  # fmt: skip
    questions, cases = len(QUESTIONS), len(DEMO.cases)
    no_letter = sum(i % 4 == 0 for i in range(questions))
    empty = sum(i % 4 == 1 for i in range(questions))
    refused_cases = sum(c % 3 == 0 for c in range(cases))
    assert got == {
        (RECALL.id, "refuser", 0): (questions, no_letter + empty, 0),
        (RECALL.id, "refuser", 1): (questions, no_letter, 0),
        (DIAGNOSIS.id, "refuser (judge_repeats=1)", 0): (
            cases,
            refused_cases,
            cases - refused_cases,
        ),
        (RECALL.id, "right", 0): (questions, 0, 0),
    }
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "## Refusals" in markdown


def answer_counted(rights: dict[int, int]) -> Scripted:
    """Right on the first `rights[case]` answers to each case, wrong after."""
    asked: Counter[int] = Counter()

    def respond(call: Call) -> ModelOutput:
        case = case_of(call)
        asked[case] += 1
        return reply("RIGHT." if asked[case] <= rights[case] else "WRONG.")

    return Scripted(respond)


def pass_at_by_enumeration(n: int, c: int, k: int) -> float:
    """The share of the k-subsets of n answers (c of them right) that hold a right answer."""
    answers = [True] * c + [False] * (n - c)
    subsets = list(combinations(answers, k))
    return sum(any(subset) for subset in subsets) / len(subsets)


def test_pass_at_k_matches_the_estimator_by_hand_beside_the_greedy_run(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    rights = {case: case % 6 for case in range(len(DEMO.cases))}
    run_task(diagnosis_generation, logs, answer_counted(rights), grade, source="demo", pass_k=5, judge_repeats=1)  # fmt: skip
    greedy = {case: int(case % 2 == 0) for case in range(len(DEMO.cases))}
    run_task(diagnosis_generation, logs, answer_counted(greedy), grade, source="demo", judge_repeats=1)  # fmt: skip

    write_report(read_logs([logs]), tmp_path / "out")

    [row] = pd.read_csv(tmp_path / "out" / "pass_at_k.csv").itertuples()
    assert (row.k, row.cases, row.short) == (5, len(DEMO.cases), 0)
    for k in range(1, 6):
        expected = np.mean([pass_at_by_enumeration(5, min(c, 5), k) for c in rights.values()])
        assert getattr(row, f"pass_at_{k}") == pytest.approx(expected)
    assert row.greedy == pytest.approx(0.5) and row.greedy_n == len(DEMO.cases)
    assert row.label == "model (judge_repeats=1, epochs=5, temperature=0.7, top_p=0.95)"
    markdown = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert "## pass@k" in markdown


def test_epochs_and_a_temperature_from_the_command_line_are_their_own_configuration(
    tmp_path: Path,
) -> None:
    logs = tmp_path / "logs"
    from inspect_ai import eval

    eval(
        knowledge_recall,
        task_args={"source": "demo"},
        model=Scripted(always_a).model(),
        epochs=3,
        temperature=0.7,
        log_dir=str(logs),
        display="none",
    )
    run_task(knowledge_recall, logs, always_a, source="demo")

    result = read_logs([logs])

    assert sorted(result.conditions.values()) == ["", "epochs=3, temperature=0.7"]
    assert not result.set_aside


def test_a_log_from_before_the_robustness_options_is_one_configuration_with_a_default_run(
    tmp_path: Path,
) -> None:
    logs = tmp_path / "logs"
    older = run_task(knowledge_recall, logs, always_a, source="demo")
    log = read_eval_log(str(older))
    for option in ("prompt_variant", "option_order", "option_seed"):
        del log.eval.task_args[option]
    write_eval_log(log, str(older))
    newer = run_task(knowledge_recall, logs, always_a, source="demo")

    result = read_logs([logs])

    assert [run.file for run in result.runs] == [str(newer)]
    [aside] = result.set_aside
    assert aside.file == str(older) and aside.reason.startswith("earlier run")
