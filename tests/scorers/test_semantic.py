"""The semantic score: bert-score's own numbers, the best-matching reference, the cache, batches."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from inspect_ai import eval, score
from inspect_ai.log import EvalLog
from inspect_ai.model import ModelName, ModelOutput
from inspect_ai.scorer import Target
from inspect_ai.solver import TaskState

from bj_evals import diagnosis_generation
from bj_evals.errors import BJEvalsError
from bj_evals.scorers.bertscore import DEFAULT_ENCODER, DEFAULT_LAYER, BertScore, Settings
from bj_evals.scorers.score_cache import ScoreCache
from bj_evals.scorers.semantic import Batcher, semantic
from tests.helpers import Scripted, reply, verdict
from tests.scorers.tiny_encoder import tiny_encoder

PAIRS = [
    ("anterior cruciate ligament tear of the knee", "tear of the anterior cruciate ligament"),
    ("hip osteoarthritis", "osteoarthritis of the hip"),
    ("rest, ice and a cast", "surgery with a plate and screw"),
    ("a fracture of the wrist after a fall on the hand", "wrist fracture"),
]


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_encoder(tmp_path_factory.mktemp("encoder"))


def bert_score_own(encoder: Path, answers: list[str], references: list[str]) -> list[tuple[float, float, float]]:  # fmt: skip
    from bert_score import score

    p, r, f = score(answers, references, model_type=str(encoder), num_layers=2, use_fast_tokenizer=True)  # fmt: skip
    return [(float(a), float(b), float(c)) for a, b, c in zip(p, r, f, strict=True)]


def test_our_scores_are_bert_scores_own_on_a_handful_of_pairs(encoder: Path) -> None:
    ours = BertScore(Settings.resolved(str(encoder)), ScoreCache(None), batch_size=2).pairs(PAIRS)
    theirs = bert_score_own(encoder, [a for a, _ in PAIRS], [r for _, r in PAIRS])
    assert ours == [pytest.approx(triple, abs=1e-5) for triple in theirs]


def test_an_encoder_whose_tokenizer_declares_no_length_is_scored(tmp_path: Path) -> None:
    # bert-score passes the tokenizer's declared length to the tokenizer, which overflows
    unbounded = tiny_encoder(tmp_path / "unbounded", max_length=None)
    with pytest.raises(OverflowError):
        bert_score_own(unbounded, ["hip pain"], ["hip osteoarthritis"])
    scores = BertScore(Settings.resolved(str(unbounded)), ScoreCache(None))
    [(_, _, f)] = scores.pairs([("hip pain " * 400, "hip osteoarthritis")])
    assert 0 < f <= 1


def test_an_empty_answer_scores_zero_without_failing(encoder: Path) -> None:
    scores = BertScore(Settings.resolved(str(encoder)), ScoreCache(None))
    assert scores.pairs([("", "rotator cuff tear"), ("  ", "")]) == [(0.0, 0.0, 0.0)] * 2
    with pytest.raises(AttributeError):  # bert-score's own path for an empty text
        bert_score_own(encoder, [""], ["rotator cuff tear"])


def state(answer: str) -> TaskState:
    output = ModelOutput.from_content("mockllm/model", answer)
    return TaskState(model=ModelName("mockllm/model"), sample_id="s", epoch=1, input="case", messages=[], output=output)  # fmt: skip


def test_several_references_keep_the_best_by_f1_with_its_own_precision_and_recall(
    encoder: Path,
) -> None:
    answer, references = PAIRS[0][0], [PAIRS[2][1], PAIRS[0][1], PAIRS[3][1]]
    result = asyncio.run(semantic(encoder=str(encoder))(state(answer), Target(references)))
    each = bert_score_own(encoder, [answer] * 3, references)
    best = max(range(3), key=lambda n: each[n][2])
    assert result is not None and result.metadata is not None
    assert result.metadata["reference"] == best
    value = result.value
    assert isinstance(value, dict)
    triple = (value["semantic_precision"], value["semantic_recall"], value["semantic_f1"])
    assert triple == pytest.approx(each[best], abs=1e-5)
    assert len({round(t[2], 4) for t in each}) == 3  # the references differ


def test_the_default_encoder_and_its_layer_are_stated_without_touching_the_hub() -> None:
    settings = Settings.resolved("default")
    assert (settings.encoder, settings.layer, settings.rescale) == (DEFAULT_ENCODER, DEFAULT_LAYER, False)  # fmt: skip


def test_a_folder_without_an_encoder_is_refused_before_any_model_call(tmp_path: Path) -> None:
    model = Scripted(lambda call: reply("An answer."))
    with pytest.raises(BJEvalsError, match=r"-T semantic=.*holds no config.json"):
        diagnosis_generation(source="demo", semantic=str(tmp_path))
    assert model.calls == []


def test_pairs_queued_while_the_encoder_is_busy_form_the_next_batch() -> None:
    batches: list[int] = []

    def compute(pairs: list[tuple[str, str]]) -> list[tuple[float, float, float]]:
        batches.append(len(pairs))
        return [(1.0, 1.0, float(len(a))) for a, _ in pairs]

    async def main() -> list[list[tuple[float, float, float]]]:
        batcher = Batcher(compute)
        return list(await asyncio.gather(*(batcher([("x" * n, "r")]) for n in range(10))))

    results = asyncio.run(main())
    assert [r[0][2] for r in results] == [float(n) for n in range(10)]
    assert sum(batches) == 10 and len(batches) < 10


def run(encoder: Path | None, log_dir: Path) -> EvalLog:
    model = Scripted(lambda call: reply("Anterior cruciate ligament tear of the knee."))
    grader = Scripted(lambda call: verdict(verdict="Correct", explanation="ok"))
    args = {"source": "demo", "judge_repeats": 1} | ({"semantic": str(encoder)} if encoder else {})
    [log] = eval(diagnosis_generation, task_args=args, model=model.model(),
                 model_roles={"grader": grader.model()}, log_dir=str(log_dir), display="none", limit=4)  # fmt: skip
    assert log.status == "success", log.error
    return log


def f1s(log: EvalLog) -> list[float]:
    assert log.samples is not None
    values = [s.scores["bj_evals/semantic"].value for s in log.samples if s.scores]
    return [float(v["semantic_f1"]) for v in values if isinstance(v, dict)]


def test_a_rerun_and_inspect_score_recompute_nothing_from_the_cache(tmp_path: Path) -> None:
    encoder = tiny_encoder(tmp_path / "encoder")
    first = run(encoder, tmp_path / "logs")
    [cache] = (tmp_path / "bj-cache").glob("*.sqlite")
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM scores").fetchone() == (4,)
    (encoder / "model.safetensors").unlink()  # the encoder can no longer be loaded
    assert f1s(run(encoder, tmp_path / "logs")) == f1s(first)
    rescored = score(first, semantic(encoder=str(encoder), layer=2), action="overwrite")
    assert f1s(rescored) == f1s(first)


def test_an_encoder_that_fails_leaves_the_judges_score_and_says_why(tmp_path: Path) -> None:
    encoder = tiny_encoder(tmp_path / "encoder")
    (encoder / "model.safetensors").unlink()
    log = run(encoder, tmp_path / "logs")
    assert log.samples is not None and len(log.samples) == 4
    for sample in log.samples:
        assert sample.error is None and sample.scores is not None
        judged = sample.scores["bj_evals/clinical_judge"].value
        assert isinstance(judged, dict) and judged["correct"] == 1.0
        assert sample.scores["bj_evals/semantic"].reason == "semantic_failed"


def test_the_log_names_the_scores_and_the_encoder_with_its_settings(
    encoder: Path, tmp_path: Path
) -> None:
    log = run(encoder, tmp_path / "logs")
    scorers = {s.name: s.options for s in log.eval.scorers or []}
    assert scorers["bj_evals/semantic"] == {"encoder": str(encoder.resolve()), "layer": 2}
    assert log.results is not None
    names = {s.name for s in log.results.scores}
    assert {"semantic_f1", "semantic_precision", "semantic_recall", "correct"} <= names


def test_without_the_option_the_run_has_the_judge_alone(tmp_path: Path) -> None:
    log = run(None, tmp_path / "logs")
    assert [s.name for s in log.eval.scorers or []] == ["bj_evals/clinical_judge"]
    assert log.samples is not None
    assert all(list(s.scores or {}) == ["bj_evals/clinical_judge"] for s in log.samples)
    assert not list((tmp_path / "bj-cache").glob("*.sqlite"))
