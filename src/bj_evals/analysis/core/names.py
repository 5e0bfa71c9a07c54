"""How models are named in tables and figures: short display names, in an order the user sets.

By default a model is shown by the last part of its name (`openai/gpt-4o` -> `gpt-4o`,
`hfvlm//models/qwen/tiny-qwen2vl` -> `tiny-qwen2vl`); the offline stand-ins keep their
whole name (`chance/uniform`), and so do models whose last parts coincide. The user
names models with `--label MODEL=NAME` or a YAML mapping (`--labels names.yaml`),
whose order is the order of every table and figure; other models follow by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from bj_evals.errors import BJEvalsError

STAND_INS = ("chance/", "keyword/")


@dataclass(frozen=True)
class Names:
    """Display names given by the user (model -> name, in the user's order)."""

    given: dict[str, str] = field(default_factory=dict)

    def for_models(self, models: Iterable[str]) -> dict[str, str]:
        """Each model's display name, given or by default, checked to be unique."""
        models = list(dict.fromkeys(models))
        last = Counter(_last_part(model) for model in models)
        names = {}
        for model in models:
            default = model if model.startswith(STAND_INS) or last[_last_part(model)] > 1 else None
            names[model] = self.given.get(model) or default or _last_part(model)
        repeated = [name for name, n in Counter(names.values()).items() if n > 1]
        if repeated:
            models_named = [m for m, name in names.items() if name == repeated[0]]
            raise BJEvalsError(
                f"label {repeated[0]!r} names {len(models_named)} models "
                f"({', '.join(models_named)}): give each its own --label"
            )
        return names

    def order(self, models: Iterable[str]) -> list[str]:
        """The user's models in the user's order, then the others by display name."""
        models = list(dict.fromkeys(models))
        names = self.for_models(models)
        first = [model for model in self.given if model in names]
        rest = sorted((m for m in models if m not in self.given), key=lambda m: names[m].lower())
        return first + rest


def load_names(path: Path | None = None, pairs: Iterable[str] = ()) -> Names:
    """Names from a YAML mapping `model: name` and from `MODEL=NAME` pairs (these win)."""
    given: dict[str, str] = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise BJEvalsError(f"{path}: cannot be read as YAML ({error})") from error
        if not isinstance(loaded, dict):
            raise BJEvalsError(f"{path}: write one `model: display name` per line")
        given = {str(model): str(name) for model, name in loaded.items()}
    for pair in pairs:
        model, sep, name = pair.partition("=")
        if not sep or not model.strip() or not name.strip():
            raise BJEvalsError(f"--label {pair}: write MODEL=NAME, e.g. openai/gpt-4o=GPT-4o")
        given[model.strip()] = name.strip()
    return Names(given)


def row_labels(samples: pd.DataFrame, names: Names | None = None) -> pd.Series:
    """Each row's display label: the model's name, and its condition in brackets."""
    display = (names or Names()).for_models(samples["model"])
    condition = samples["condition"] if "condition" in samples else _imaging_condition(samples)
    return pd.Series(
        [
            display[model] + (f" ({cond})" if cond else "")
            for model, cond in zip(samples["model"], condition.fillna(""), strict=True)
        ],
        index=samples.index,
        dtype=object,
    )


def label_order(samples: pd.DataFrame, names: Names | None = None) -> list[str]:
    """Row labels in the display order: by model, then plain before conditions."""
    names = names or Names()
    labels = samples.assign(_label=row_labels(samples, names))
    rank = {model: n for n, model in enumerate(names.order(samples["model"]))}
    pairs = labels[["model", "_label"]].drop_duplicates()
    ordered = sorted(pairs.itertuples(index=False), key=lambda p: (rank[p[0]], p[1]))
    return [str(label) for _, label in ordered]


def _imaging_condition(samples: pd.DataFrame) -> pd.Series:
    """For tables built by hand without a condition column: the report imaging only."""
    return samples["imaging"].map(lambda imaging: "report" if imaging == "report" else "")


def _last_part(model: str) -> str:
    return next((part for part in reversed(model.split("/")) if part), model)
