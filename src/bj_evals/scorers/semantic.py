"""The semantic score beside the judge on tasks IV-VII: BERTScore against the expert answer.

Opt-in (`-T semantic=<encoder>`). The answer is scored against each reference of the
sample and the best-matching one (highest F1) is kept, with its precision and recall.
Samples scored while the encoder is busy wait and form the next batch, so the encoder
runs batched without a timer. The encoder and its settings are the scorer's arguments,
written into the log, so runs with different encoders are told apart.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from bj_evals.errors import BJEvalsError
from bj_evals.scorers.bertscore import BertScore, Settings, Triple
from bj_evals.scorers.judge import PACKAGE, rescorable
from bj_evals.scorers.score_cache import ScoreCache

SEMANTIC = "semantic"
"""The scorer's name, and the key of its scores in a sample."""
KEYS = ("semantic_f1", "semantic_precision", "semantic_recall")
CACHE_NAME = "semantic_scores"
SEMANTIC_FAILED = "semantic_failed"
"""`Score.reason` when the encoder failed: the sample keeps its judge's score."""


class Batcher:
    """Runs `compute` in a worker thread on everything queued while it was busy."""

    def __init__(self, compute: Callable[[list[tuple[str, str]]], list[Triple]]) -> None:
        self._compute = compute
        self._queue: list[tuple[tuple[str, str], asyncio.Future[Triple]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def __call__(self, pairs: list[tuple[str, str]]) -> list[Triple]:
        """The scores of `pairs`, computed in the next batch."""
        loop = asyncio.get_running_loop()
        futures = [loop.create_future() for _ in pairs]
        self._queue += zip(pairs, futures, strict=True)
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._drain())
        return list(await asyncio.gather(*futures))

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                results = await asyncio.to_thread(self._compute, [pair for pair, _ in batch])
            except Exception as error:  # every waiting sample sees the encoder's error
                for _, future in batch:
                    future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                future.set_result(result)


@rescorable
@scorer(
    name=f"{PACKAGE}/{SEMANTIC}",
    metrics={key: [mean(), stderr()] for key in KEYS},
)
def semantic(
    encoder: str = "default",
    layer: int | None = None,
    batch_size: int = 32,
    cache: bool = True,
) -> Scorer:
    """BERTScore precision, recall and F1 of the answer against the best-matching reference.

    Args:
        encoder: `default` (BiomedBERT), a Hugging Face hub id or a local directory.
        layer: The encoder layer whose embeddings are matched; by default the stated one.
        batch_size: Pairs per forward pass of the encoder.
        cache: Keep scores in the bj-evals cache, so re-scoring recomputes nothing.
    """
    settings = Settings.resolved(encoder, layer)
    scores = BertScore(settings, ScoreCache.named(CACHE_NAME, cache), batch_size)
    batcher = Batcher(scores.pairs)

    async def score(state: TaskState, target: Target) -> Score:
        answer = state.output.completion
        references = list(target.target) or [""]
        try:
            triples = await batcher([(answer, reference) for reference in references])
        except Exception as error:  # the encoder's failure never costs the judge's score
            return Score(
                value=dict.fromkeys(KEYS, math.nan),
                answer=answer,
                explanation=f"the semantic score failed: {' '.join(str(error).split())[:300]}",
                reason=SEMANTIC_FAILED,
                metadata={"encoder": settings.encoder, "layer": settings.layer},
            )
        best = max(range(len(triples)), key=lambda n: triples[n][2])
        precision, recall, f1 = triples[best]
        return Score(
            value={"semantic_f1": f1, "semantic_precision": precision, "semantic_recall": recall},
            answer=answer,
            explanation=f"BERTScore F1 {f1:.3f} (precision {precision:.3f}, recall "
            f"{recall:.3f}) against reference {best + 1} of {len(references)}",
            metadata={
                "encoder": settings.encoder,
                "layer": settings.layer,
                "idf": settings.idf,
                "rescaled": settings.rescale,
                "implementation": settings.implementation,
                "reference": best,
            },
        )

    return score


def semantic_option(encoder: str | None) -> Scorer | None:
    """`-T semantic=`: None (off), or the scorer with the encoder and its layer resolved."""
    if encoder is None or encoder == "":
        return None
    if not isinstance(encoder, str):
        raise BJEvalsError(
            f"-T semantic={encoder}: name an encoder: `default`, a hub id or a directory"
        )
    settings = Settings.resolved(encoder)
    return semantic(encoder=settings.encoder, layer=settings.layer)
