"""BERTScore of answers against references, with the `bert-score` package and a named encoder.

The encoder is any Hugging Face encoder (a hub id or a local directory). The default is
BiomedBERT (PubMed abstracts and full texts), read at layer 9, the layer bert-score tuned
for BERT-base, whose architecture it shares. Scores are raw (no baseline rescaling:
bert-score publishes no baseline for BiomedBERT), so F1 is read against other answers
scored with the same encoder, never as an absolute level. Pairs already computed come
from the score cache; the encoder is loaded only when a pair is missing, on the GPU when
there is one.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bj_evals.errors import BJEvalsError
from bj_evals.scorers.score_cache import ScoreCache, cache_key

DEFAULT_ENCODER = "microsoft/BiomedNLP-BiomedBERT-base-uncased-abstract-fulltext"
DEFAULT_LAYER = 9
"""bert-score's tuned layer for bert-base-uncased; BiomedBERT has the same architecture."""
EXTRA = "pip install 'bj-evals[semantic]'"

Triple = tuple[float, float, float]
"""Precision, recall, F1."""


@dataclass(frozen=True)
class Settings:
    """What decides a BERTScore: the encoder, its layer, and how tokens are weighed."""

    encoder: str
    layer: int
    idf: bool = False
    rescale: bool = False
    max_tokens: int = 512
    implementation: str = ""

    @classmethod
    def resolved(cls, encoder: str, layer: int | None = None) -> Settings:
        """`default`, a hub id or a local directory, with its layer (checked now, before any model call)."""
        named = DEFAULT_ENCODER if encoder == "default" else encoder
        local = Path(named).expanduser()
        if local.exists() or named.startswith((".", "/", "~")):
            if not (local / "config.json").is_file():
                raise BJEvalsError(
                    f"-T semantic={encoder}: {local} holds no config.json; name a directory "
                    "saved with save_pretrained, a Hugging Face hub id, or `default`"
                )
            named = str(local.resolve())
        chosen = layer if layer is not None else _layer_of(named)
        if isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 1:
            raise BJEvalsError(f"semantic layer {chosen}: use a whole number of at least 1")
        return cls(named, chosen, implementation=f"bert-score {_bert_score_version()}")


def _bert_score_version() -> str:
    try:
        return version("bert-score")
    except PackageNotFoundError:
        raise BJEvalsError(f"-T semantic needs the bert-score package: {EXTRA}") from None


def _layer_of(encoder: str) -> int:
    """The default's stated layer, bert-score's tuned layer, else the encoder's last layer."""
    if encoder == DEFAULT_ENCODER:
        return DEFAULT_LAYER
    from bert_score.utils import model2layers

    if encoder in model2layers:
        return int(model2layers[encoder])
    from transformers import AutoConfig

    try:
        config = AutoConfig.from_pretrained(encoder)
    except (OSError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BJEvalsError(f"-T semantic={encoder}: the encoder cannot be read: {first}") from None
    return int(config.num_hidden_layers)


class BertScore:
    """Scores (answer, reference) pairs under `settings`, from the cache or the encoder."""

    def __init__(self, settings: Settings, cache: ScoreCache, batch_size: int = 32) -> None:
        self.settings = settings
        self.cache = cache
        self.batch_size = batch_size
        self.computed = 0
        """Pairs this instance computed with the encoder (not from the cache)."""
        self._scorer: Any = None
        self._lock = threading.Lock()

    def pairs(self, pairs: list[tuple[str, str]]) -> list[Triple]:
        """Precision, recall and F1 of each (answer, reference) pair."""
        settings = asdict(self.settings)
        keys = [cache_key(settings, answer, reference) for answer, reference in pairs]
        known = self.cache.get(keys)
        missing = list(dict.fromkeys(k for k in keys if k not in known))
        if missing:
            where = {key: pair for key, pair in zip(keys, pairs, strict=True)}
            new = self._compute([where[key] for key in missing])
            self.cache.put(zip(missing, new, strict=True))
            known |= dict(zip(missing, new, strict=True))
        p, r, f = zip(*(known[key] for key in keys), strict=True) if keys else ((), (), ())
        return list(zip(p, r, f, strict=True))

    def _compute(self, pairs: list[tuple[str, str]]) -> list[list[float]]:
        """Encoder scores; an empty side scores 0, as bert-score documents.

        Empty texts never reach bert-score: its path for them fails under transformers 5.
        """
        filled = [n for n, (a, r) in enumerate(pairs) if a.strip() and r.strip()]
        scored = self._encode([pairs[n] for n in filled]) if filled else []
        result = [[0.0, 0.0, 0.0] for _ in pairs]
        for n, triple in zip(filled, scored, strict=True):
            result[n] = triple
        return result

    def _encode(self, pairs: list[tuple[str, str]]) -> list[list[float]]:
        with self._lock:
            scorer = self._load()
            answers = [answer for answer, _ in pairs]
            references = [reference for _, reference in pairs]
            p, r, f = scorer.score(answers, references, batch_size=self.batch_size)
            self.computed += len(pairs)
        return [[float(a), float(b), float(c)] for a, b, c in zip(p, r, f, strict=True)]

    def _load(self) -> Any:
        if self._scorer is None:
            from bert_score import BERTScorer

            scorer = BERTScorer(
                model_type=self.settings.encoder,
                num_layers=self.settings.layer,
                idf=self.settings.idf,
                rescale_with_baseline=self.settings.rescale,
                use_fast_tokenizer=True,
                batch_size=self.batch_size,
            )
            # a tokenizer that declares no length would overflow; longer answers are cut
            positions = getattr(scorer._model.config, "max_position_embeddings", None)
            limit = min(scorer._tokenizer.model_max_length, self.settings.max_tokens)
            limit = min(limit, positions or limit)
            scorer._tokenizer.model_max_length = limit
            self._scorer = scorer
        return self._scorer
