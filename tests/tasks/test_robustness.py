"""The robustness options: every wording of every task, options shuffled or rotated, k answers."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval, score
from inspect_ai._eval.score import resolve_scorers
from inspect_ai.log import EvalLog, list_eval_logs, read_eval_log
from inspect_ai.model import ModelOutput

import bj_evals
from bj_evals.importing.sources import load_source
from bj_evals.task_table import TASKS, PaperTask, paper_task
from tests.helpers import Call, Scripted, asked_with, reply, verdict

DEMO = load_source("demo")
RIGHT_OPTION = {frozenset(q.options): q.options[string.ascii_uppercase.index(q.answer)] for q in DEMO.mcqs}  # fmt: skip
"""Per demo question (known by its five options, in any order): the text of its right option."""

DEFAULT_METADATA = {"benchmark", "bj_task", "source", "data_dir", "data_revision", "imaging"}
"""The keys of a default run's metadata: none of the robustness options adds one."""


def grader(call: Call) -> ModelOutput:
    """Correct (or mismatch detected) for every answer: both judges' schemas."""
    if "mismatch_detected" in call.tools[0].parameters.properties:
        return verdict(mismatch_detected=True, text_driven_diagnosis=False, explanation="s")
    return verdict(verdict="Correct", explanation="s")


def run(task: str, model: Scripted, **task_args: Any) -> EvalLog:
    [log] = eval(
        getattr(bj_evals, task),
        task_args=task_args,
        model=model.model(),
        model_roles={"grader": Scripted(grader).model()},
        display="none",
    )
    assert log.status == "success", log.error
    return log


@pytest.mark.parametrize("variant", [0, 1, 2])
@pytest.mark.parametrize("row", TASKS, ids=[task.name for task in TASKS])
def test_every_task_runs_under_each_prompt_variant_and_the_log_records_it(
    row: PaperTask, variant: int, dataset: Path
) -> None:
    model = Scripted(lambda call: reply("ANSWER: A"))

    log = run(row.name, model, source=str(dataset), prompt_variant=variant)

    assert model.calls
    assert {asked_with(row.prompts, call.text) for call in model.calls} == {variant}
    metadata = log.eval.metadata or {}
    assert log.eval.task_args["prompt_variant"] == variant
    assert metadata.get("prompt_variant") == (variant or None)


def test_the_wordings_keep_the_placeholders_the_answer_format_and_give_no_hint() -> None:
    for row in TASKS:
        assert len(row.prompts) >= 3 and len(set(row.prompts)) == len(row.prompts)
        for prompt in row.prompts:
            placeholders = re.findall(r"\{(\w+)\}", prompt)
            if row.family == "mcq":
                assert sorted(set(placeholders)) == ["choices", "letters", "question"]
                assert "'ANSWER: $LETTER' (without quotes)" in prompt
            else:
                assert placeholders == ["prompt"]
            assert "example" not in prompt.lower()  # zero-shot
            if row.family == "mismatch":
                assert not re.search(r"match|consisten|belong|same patient", prompt, re.I)


def test_a_default_run_logs_the_metadata_and_decoding_it_always_did(dataset: Path) -> None:
    for task in ("knowledge_recall", "diagnosis_generation", "inconsistency_detection"):
        log = run(task, Scripted(lambda call: reply("ANSWER: A")), source=str(dataset))
        assert set(log.eval.metadata or {}) == DEFAULT_METADATA
        assert log.eval.config.epochs in (None, 1)
        assert (log.plan.config.temperature, log.plan.config.top_p) == (None, None)
        assert log.samples is not None
        assert all("#r" not in str(s.id) and "options_shown" not in s.metadata for s in log.samples)


def answer_right(call: Call) -> ModelOutput:
    """Name the letter under which the right option was shown."""
    shown = dict(re.findall(r"^([A-E])\) (.*)$", call.text, re.M))
    right = RIGHT_OPTION[frozenset(shown.values())]
    return reply(f"ANSWER: {next(letter for letter, text in shown.items() if text == right)}")


def test_shuffled_options_are_seeded_per_question_logged_as_shown_and_score_again() -> None:
    log, again, other = (
        run(
            "knowledge_recall",
            Scripted(answer_right),
            source="demo",
            option_order="shuffle",
            option_seed=seed,
        )
        for seed in (7, 7, 8)
    )

    assert log.samples is not None and again.samples is not None and other.samples is not None
    orders = {s.id: s.metadata["options_shown"] for s in log.samples}
    assert orders == {s.id: s.metadata["options_shown"] for s in again.samples}
    assert orders != {s.id: s.metadata["options_shown"] for s in other.samples}
    assert any(order != "ABCDE" for order in orders.values())
    for sample in log.samples:
        question = next(q for q in DEMO.mcqs if q.id == sample.id)
        assert sample.choices == [question.options["ABCDE".index(o)] for o in sample.metadata["options_shown"]]  # fmt: skip
        assert (
            sample.choices["ABCDE".index(str(sample.target))]
            == RIGHT_OPTION[frozenset(question.options)]
        )
    assert (log.eval.metadata or {})["option_seed"] == 7
    rescored = score(log, resolve_scorers(log), action="overwrite", display="none")
    assert rescored.results is not None
    assert rescored.results.scores[0].metrics["accuracy"].value == 1.0


def test_circular_mode_asks_every_rotation_as_its_own_sample_kept_in_the_log() -> None:
    model = Scripted(answer_right)
    log = run("note_interpretation", model, source="demo", option_order="circular")

    questions = DEMO.mcqs_for(paper_task("note_interpretation").id)
    assert log.samples is not None and len(log.samples) == 5 * len(questions) == len(model.calls)
    for question in questions:
        rotations = [s for s in log.samples if s.metadata["question_id"] == question.id]
        assert [s.id for s in rotations] == [f"{question.id}#r{k}" for k in range(5)]
        assert [s.metadata["rotation"] for s in rotations] == list(range(5))
        assert sorted(str(s.target) for s in rotations) == list("ABCDE")
        assert rotations[0].choices == list(question.options)
    rescored = score(log, resolve_scorers(log), action="overwrite", display="none")
    assert rescored.results is not None and rescored.results.scores[0].metrics["accuracy"].value == 1.0  # fmt: skip


def test_pass_k_samples_k_answers_per_case_and_the_grader_stays_greedy(dataset: Path) -> None:
    model = Scripted(lambda call: reply("A diagnosis."))
    graders = Scripted(grader)
    [log] = eval(
        bj_evals.diagnosis_generation,
        task_args={"source": str(dataset), "pass_k": 4, "judge_repeats": 1},
        model=model.model(),
        model_roles={"grader": graders.model()},
        display="none",
    )

    assert log.status == "success" and log.samples is not None
    assert log.eval.config.epochs == 4 and len(log.samples) == 4 * 6 == len(model.calls)
    assert {(c.config.temperature, c.config.top_p) for c in model.calls} == {(0.7, 0.95)}
    assert {(c.config.temperature, c.config.top_p) for c in graders.calls} == {(0.0, None)}
    metadata = log.eval.metadata or {}
    assert metadata["pass_k"] == 4
    assert metadata["sampling"] == {"temperature": 0.7, "top_p": 0.95}


INSPECT = str(Path(sys.executable).parent / "inspect")


@pytest.mark.slow
def test_inspect_score_scores_a_shuffled_log_as_it_was_scored(tmp_path: Path) -> None:
    def inspect(*args: str) -> None:
        done = subprocess.run([INSPECT, *args], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]

    inspect(
        "eval", "bj_evals/knowledge_recall", "-T", "source=demo", "-T", "option_order=shuffle",
        "-T", "option_seed=3", "--model", "chance/uniform", "--log-dir", "logs", "--display", "none",
    )  # fmt: skip
    [info] = list_eval_logs(str(tmp_path / "logs"))
    before = read_eval_log(info.name)
    inspect("score", info.name, "--action", "overwrite", "--overwrite", "--display", "none")
    after = read_eval_log(info.name)

    assert before.samples is not None and after.samples is not None
    values = [[(v.value, v.answer) for v in (s.scores or {}).values()] for s in before.samples]
    assert values == [[(v.value, v.answer) for v in (s.scores or {}).values()] for s in after.samples]  # fmt: skip
    right = [s for s in before.samples if s.scores and next(iter(s.scores.values())).value == "C"]
    assert 0 < len(right) < len(before.samples)  # the chance baseline is right on some, not all
