"""`hfvlm/` end to end through Inspect, on tiny random-weight models of three architectures."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import anyio
import pytest

pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from inspect_ai import eval  # noqa: E402
from inspect_ai.log import EvalLog  # noqa: E402
from inspect_ai.model import (  # noqa: E402
    ChatMessageUser,
    GenerateConfig,
    Model,
    ModelOutput,
    get_model,
)
from inspect_ai.tool import ToolInfo, ToolParams  # noqa: E402

from bj_evals import diagnosis_generation, image_interpretation, knowledge_recall  # noqa: E402
from bj_evals.errors import BJEvalsError  # noqa: E402
from bj_evals.importing.sources import load_source  # noqa: E402
from tests.helpers import judge_verdicts  # noqa: E402
from tests.providers.hfvlm.recording import record_inputs  # noqa: E402

pytestmark = pytest.mark.slow  # builds and runs tiny models

GREEDY: dict[str, Any] = {"max_tokens": 6, "temperature": 0.0}


def vlm(path: Path, **model_args: Any) -> Model:
    return get_model(f"hfvlm/{path}", **model_args)


def run(task: Any, model: Model, **task_args: Any) -> EvalLog:
    [log] = eval(task, model=model, task_args=task_args, display="none", **GREEDY)
    assert log.status == "success", log.error
    return log


def answers(log: EvalLog) -> dict[str, str]:
    assert log.samples is not None
    return {str(sample.id): sample.output.completion for sample in log.samples}


@pytest.fixture(params=["qwen2_vl", "llava", "gemma3"])
def architecture(request: pytest.FixtureRequest) -> Path:
    path: Path = request.getfixturevalue(request.param)
    return path


def test_image_questions_reach_the_model_as_image_tokens(architecture: Path) -> None:
    model = vlm(architecture, batch_size=4)
    questions = len(load_source("demo").mcqs_for("III"))

    with record_inputs(model.api.loaded.model) as inputs:  # type: ignore[attr-defined]
        log = run(image_interpretation, model, source="demo")

    assert len(inputs.image_rows) == questions
    assert min(inputs.image_rows) > 0
    assert log.samples is not None and len(log.samples) == questions
    for sample in log.samples:
        usage = sample.output.usage
        assert usage is not None and usage.input_tokens > 0 and 0 < usage.output_tokens <= 6


def test_an_open_task_runs_with_images_and_a_grader(qwen2_vl: Path, dataset: Path) -> None:
    model = vlm(qwen2_vl)
    grader = judge_verdicts("Correct")

    with record_inputs(model.api.loaded.model) as inputs:  # type: ignore[attr-defined]
        [log] = eval(
            diagnosis_generation,
            model=model,
            model_roles={"grader": grader.model()},
            task_args={"source": str(dataset), "judge_repeats": 1},
            display="none",
            **GREEDY,
        )

    assert log.status == "success", log.error
    assert len(inputs.image_rows) == 6 and min(inputs.image_rows) > 0
    assert len(grader.graded) == 6
    assert log.results is not None and log.results.scores[0].metrics["accuracy"].value == 1.0


@pytest.mark.parametrize("name", ["qwen2_vl", "llava"])
def test_batched_answers_equal_one_at_a_time_greedy_answers(
    name: str, request: pytest.FixtureRequest
) -> None:
    path = request.getfixturevalue(name)
    sequential, batched = vlm(path, batch_size=1), vlm(path, batch_size=8)

    with record_inputs(sequential.api.loaded.model) as one_by_one:  # type: ignore[attr-defined]
        alone = answers(run(image_interpretation, sequential, source="demo"))
    with record_inputs(batched.api.loaded.model) as together:  # type: ignore[attr-defined]
        in_batches = answers(run(image_interpretation, batched, source="demo"))

    assert one_by_one.largest_batch == 1 and together.largest_batch > 1
    assert in_batches == alone


def test_images_and_text_only_prompts_never_share_a_batch(qwen2_vl: Path) -> None:
    model = vlm(qwen2_vl)

    with record_inputs(model.api.loaded.model) as inputs:  # type: ignore[attr-defined]
        tasks: list[Any] = [knowledge_recall, image_interpretation]  # of different signatures
        logs = eval(
            tasks,
            model=model,
            task_args={"source": "demo"},
            max_tasks=2,
            display="none",
            **GREEDY,
        )

    assert all(log.status == "success" for log in logs)
    with_pixels = [prefill for prefill in inputs.prefills if prefill.pixels]
    text_only = [prefill for prefill in inputs.prefills if not prefill.pixels]
    assert with_pixels and text_only
    assert all(count > 0 for prefill in with_pixels for count in prefill.image_tokens)
    assert all(count == 0 for prefill in text_only for count in prefill.image_tokens)


def test_max_pixels_bounds_the_image_tokens(qwen2_vl: Path) -> None:
    full, small = vlm(qwen2_vl), vlm(qwen2_vl, max_pixels=64 * 28 * 28)

    with record_inputs(full.api.loaded.model) as default:  # type: ignore[attr-defined]
        run(image_interpretation, full, source="demo")
    with record_inputs(small.api.loaded.model) as bounded:  # type: ignore[attr-defined]
        run(image_interpretation, small, source="demo")

    assert max(bounded.image_rows) <= 80 < min(default.image_rows)


def test_the_weights_load_once_per_process(
    qwen2_vl: Path, dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = shutil.copytree(qwen2_vl, tmp_path / "fresh-copy")
    auto_class = transformers.AutoModelForImageTextToText
    original = auto_class.from_pretrained
    loads: list[str] = []

    def counting(path: str, *args: Any, **kwargs: Any) -> Any:
        loads.append(str(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(auto_class, "from_pretrained", counting)
    # Two runs with different options: two providers, one set of weights.
    for task, batch_size in (
        ("bj_evals/image_interpretation", 2),
        ("bj_evals/knowledge_recall", 4),
    ):
        [log] = eval(
            task,
            model=f"hfvlm/{fresh}",
            model_args={"batch_size": batch_size},
            task_args={"source": str(dataset)},
            display="none",
            **GREEDY,
        )
        assert log.status == "success", log.error

    assert loads == [str(fresh)]


def test_a_text_only_model_is_refused_in_one_line(text_only_llama: Path) -> None:
    with pytest.raises(BJEvalsError) as refused:
        get_model(f"hfvlm/{text_only_llama}")
    message = str(refused.value)
    assert "\n" not in message
    assert "not a vision-language model" in message and f"hf/{text_only_llama}" in message


def test_an_empty_directory_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(BJEvalsError, match="cannot be loaded") as refused:
        get_model(f"hfvlm/{tmp_path}")
    assert "\n" not in str(refused.value)


def ask(model: Model, prompt: str, **config: Any) -> ModelOutput:
    async def generate() -> ModelOutput:
        return await model.generate(prompt, config=GenerateConfig(**config))

    return anyio.run(generate)


def test_a_stop_sequence_ends_the_answer_before_it(qwen2_vl: Path) -> None:
    model = vlm(qwen2_vl)
    free = ask(model, "Which bone?", max_tokens=24, temperature=0.0).completion
    stop = free[len(free) // 2 :][:3]
    assert len(stop) == 3

    stopped = ask(model, "Which bone?", max_tokens=24, temperature=0.0, stop_seqs=[stop])

    assert stopped.completion == free[: free.index(stop)]
    assert stopped.stop_reason == "stop"


def test_a_seed_makes_sampled_answers_repeat(qwen2_vl: Path) -> None:
    model = vlm(qwen2_vl)
    sampled = [
        ask(model, "Which bone?", max_tokens=24, temperature=1.0, seed=seed).completion
        for seed in (7, 7, 8)
    ]
    assert sampled[0] == sampled[1] != sampled[2]


def test_tools_are_refused(qwen2_vl: Path) -> None:
    tool = ToolInfo(name="lookup", description="Look up.", parameters=ToolParams())

    async def generate() -> ModelOutput:
        return await vlm(qwen2_vl).generate([ChatMessageUser(content="Hi")], tools=[tool])

    with pytest.raises(BJEvalsError, match="does not run tools"):
        anyio.run(generate)
