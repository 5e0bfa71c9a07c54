"""The contamination probes ask the published items and the control, the same way on every rerun."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai.dataset import Sample

from bj_evals.data.records import load_benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source
from bj_evals.task_table import TASKS
from bj_evals.tasks.contamination import case_completion, option_guessing
from bj_evals.tasks.probe_view import history_cut
from tests.published import ITEMS, write_published


@pytest.fixture
def published(tmp_path: Path) -> Path:
    return write_published(tmp_path / "published")


def by_set(samples: list[Sample], probe_set: str) -> list[Sample]:
    return [s for s in samples if s.metadata and s.metadata["probe_set"] == probe_set]


def test_option_guessing_hides_a_wrong_option_of_each_text_question(published: Path) -> None:
    task = option_guessing(source=str(published))
    samples = list(task.dataset)
    demo = load_source("demo")
    text_questions = [q for q in demo.mcqs if q.image is None]
    assert len(by_set(samples, "published")) == ITEMS
    assert len(by_set(samples, "control")) == len(text_questions)
    questions = {q.id: q for q in [*load_benchmark(published).mcqs, *demo.mcqs]}
    for sample in samples:
        assert sample.metadata is not None
        mcq = questions[sample.metadata["item_id"]]
        letter = sample.metadata["hidden_letter"]
        assert letter != mcq.answer
        assert sample.target == mcq.options["ABCDE".index(letter)]
        assert isinstance(sample.input, str)
        assert f"{letter}) [MASK]" in sample.input
        assert str(sample.target) not in sample.input
        assert sample.id == f"{sample.metadata['probe_set']}/{mcq.id}"


def test_case_completion_shows_the_start_of_each_history_and_keeps_the_rest(
    published: Path,
) -> None:
    samples = list(case_completion(source=str(published)).dataset)
    cases = {c.id: c for c in [*load_benchmark(published).cases, *load_source("demo").cases]}
    assert len(by_set(samples, "published")) == ITEMS
    assert len(by_set(samples, "control")) == len(load_source("demo").cases)
    for sample in samples:
        assert sample.metadata is not None and isinstance(sample.input, str)
        history = cases[sample.metadata["item_id"]].history.split()
        cut = sample.metadata["cut_word"]
        assert 0 < cut < len(history)
        assert sample.input.endswith(" ".join(history[:cut]))
        assert sample.target == " ".join(history[cut:])
        assert history[cut - 1][-1] in ".!?"  # cut at a sentence end


def test_a_rerun_with_the_same_seed_asks_the_same_and_another_seed_differs(
    published: Path,
) -> None:
    def asked(seed: int) -> list[tuple[str, str]]:
        return [(str(s.id), str(s.target)) for s in option_guessing(str(published), seed=seed).dataset]  # fmt: skip

    assert asked(3) == asked(3)
    assert asked(3) != asked(4)
    history = " ".join(f"Sentence {n} is here." for n in range(20))
    assert history_cut(history, "0:a") == history_cut(history, "0:a")
    assert len({history_cut(history, f"{seed}:a") for seed in range(20)}) > 1


def test_a_probe_runs_greedy_and_its_log_is_no_paper_task(published: Path) -> None:
    task = case_completion(source=str(published), control="demo", seed=2)
    assert task.config.temperature == 0
    assert task.metadata is not None
    assert task.metadata["bj_probe"] == "case_completion"
    assert "bj_task" not in task.metadata
    assert task.metadata["seed"] == 2
    assert task.metadata["data_dir"] == str(published)
    assert task.metadata["control_dir"] == str(load_source("demo").root)


def test_a_directory_control_is_asked_in_place_of_the_demo(published: Path, dataset: Path) -> None:
    samples = list(option_guessing(source=str(published), control=str(dataset)).dataset)
    control = {s.metadata["item_id"] for s in by_set(samples, "control") if s.metadata}
    assert control == {"kr-1", "kr-2", "ni-1"}  # the image questions are not asked


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"seed": -1}, "-T seed=-1: use a whole number of at least 0"),
        ({"seed": "x"}, "-T seed=x: use a whole number of at least 0"),
        ({"control": ""}, "-T control=: use `demo` or a data directory"),
        ({"control": "/no/such/folder"}, "/no/such/folder: no such directory"),
    ],
)
def test_bad_options_fail_in_one_line_before_any_model_call(
    published: Path, options: dict[str, object], message: str
) -> None:
    arguments = {"source": str(published)} | options
    with pytest.raises(BJEvalsError, match=message.replace("(", r"\(").replace("?", r"\?")):
        option_guessing(**arguments)  # type: ignore[arg-type]


def test_a_source_without_cases_is_refused_naming_it(tmp_path: Path) -> None:
    from tests.conftest import mcq_record, write_dataset

    bare = write_dataset(tmp_path / "bare", [], [mcq_record("kr-1", "I")])
    with pytest.raises(BJEvalsError, match=f"{bare}: -T source= has no cases for case_completion"):
        case_completion(source=str(bare))


def test_the_papers_eight_tasks_are_unchanged_by_the_probes() -> None:
    assert [t.name for t in TASKS] == [
        "knowledge_recall", "note_interpretation", "image_interpretation",
        "diagnosis_generation", "diagnostic_reasoning", "treatment_planning",
        "treatment_reasoning", "inconsistency_detection",
    ]  # fmt: skip


def test_the_demo_as_source_and_control_runs_as_a_smoke_test_that_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    task = option_guessing(source="demo")
    assert task.metadata is not None and task.metadata["control_is_source"] is True
    assert "the control is the source itself" in capsys.readouterr().err
    assert len(by_set(list(task.dataset), "published")) == len(
        by_set(list(task.dataset), "control")
    )
