"""The robustness options of a task: which wording, which order of options, how many answers.

The defaults are the paper's protocol: the unified prompt (variant 0), the five options in
the order of the data, one answer at the provider's default decoding. Off the defaults:

- `prompt_variant`: another equivalent wording of the task's prompt (`prompt_variants.py`);
- `option_order` (I-III): `shuffle` puts each question's options in an order drawn from
  `option_seed` and the question's id; `circular` asks each question once per rotation of
  its options (MMBench's CircularEval), one sample per rotation, `<id>#r<k>`;
- `pass_k` (IV-VII): k answers per case, sampled at temperature 0.7 and top-p 0.95 (as
  Neural-MedBench), as k Inspect epochs, for pass@1 and pass@k in the report.

Options are shuffled and rotated in the data set, not by the solver: the log's sample then
holds the options as the model saw them and the key remapped to them, so the transcript
shows what was asked, the letter the model named is kept, and `inspect score` scores it
again from the log alone. (Inspect's `multiple_choice(shuffle=...)`, deprecated, rewrites
the transcript to the original order.)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from inspect_ai.dataset import Sample
from inspect_ai.model import GenerateConfig

from bj_evals.errors import BJEvalsError
from bj_evals.task_table import PaperTask

OptionOrder = Literal["fixed", "shuffle", "circular"]
OPTION_ORDERS: tuple[OptionOrder, ...] = get_args(OptionOrder)

SAMPLING = GenerateConfig(temperature=0.7, top_p=0.95)
"""How the k answers of `pass_k` are sampled (Neural-MedBench's settings)."""

ROTATION_MARK = "#r"
"""A rotation's sample id: the question's id, this mark, the rotation (`kr-01#r2`)."""


@dataclass(frozen=True)
class Robustness:
    """A task's checked robustness options."""

    prompt_variant: int = 0
    option_order: OptionOrder = "fixed"
    option_seed: int = 0
    pass_k: int = 1

    @classmethod
    def checked(
        cls,
        row: PaperTask,
        prompt_variant: object = 0,
        option_order: object = "fixed",
        option_seed: object = 0,
        pass_k: object = 1,
    ) -> Robustness:
        """The options, each checked: a bad one is a one-line error naming it."""
        count = len(row.prompts)
        if not _whole(prompt_variant, 0) or cast(int, prompt_variant) >= count:
            others = ", ".join(str(n) for n in range(1, count))
            raise BJEvalsError(
                f"-T prompt_variant={prompt_variant}: use 0 (the paper's prompt) or another "
                f"wording of {row.name}: {others}."
            )
        if option_order not in OPTION_ORDERS:
            raise BJEvalsError(
                f"-T option_order={option_order}: use one of {', '.join(OPTION_ORDERS)}."
            )
        if not _whole(option_seed, 0):
            raise BJEvalsError(f"-T option_seed={option_seed}: use a whole number of at least 0.")
        if option_seed != 0 and option_order != "shuffle":
            raise BJEvalsError(
                f"-T option_seed={option_seed}: only -T option_order=shuffle draws an order; "
                "add it, or leave option_seed out."
            )
        if not _whole(pass_k, 1):
            raise BJEvalsError(
                f"-T pass_k={pass_k}: use a whole number of at least 1 (1: one greedy answer; "
                "k: k sampled answers per case)."
            )
        return cls(
            cast(int, prompt_variant), option_order, cast(int, option_seed),
            cast(int, pass_k),
        )  # fmt: skip

    def prompt(self, row: PaperTask) -> str:
        """The wording this run asks with."""
        return row.prompts[self.prompt_variant]

    @property
    def epochs(self) -> int | None:
        """Inspect epochs: k for pass@k, else Inspect's default (one)."""
        return self.pass_k if self.pass_k > 1 else None

    @property
    def config(self) -> GenerateConfig:
        """The evaluated model's decoding: sampled for pass@k, else left as it was."""
        return SAMPLING.model_copy() if self.pass_k > 1 else GenerateConfig()

    @property
    def metadata(self) -> dict[str, Any]:
        """What the log's metadata adds: the options off their defaults (none by default)."""
        added: dict[str, Any] = {}
        if self.prompt_variant:
            added["prompt_variant"] = self.prompt_variant
        if self.option_order != "fixed":
            added["option_order"] = self.option_order
        if self.option_order == "shuffle":
            added["option_seed"] = self.option_seed
        if self.pass_k > 1:
            added["pass_k"] = self.pass_k
            added["sampling"] = SAMPLING.model_dump(exclude_none=True)
        return added

    def arrange(self, samples: Sequence[Sample]) -> list[Sample]:
        """The samples with their options in this run's order (circular: one per rotation)."""
        if self.option_order == "fixed":
            return list(samples)
        if self.option_order == "shuffle":
            return [_reordered(s, _drawn(s, self.option_seed)) for s in samples]
        return [
            _reordered(sample, _rotated(len(sample.choices or ()), k), rotation=k)
            for sample in samples
            for k in range(len(sample.choices or ()))
        ]


def _whole(value: object, minimum: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value >= minimum


def _drawn(sample: Sample, seed: int) -> list[int]:
    """A seeded order of a question's options, drawn from the seed and its id alone.

    Not `MemoryDataset.shuffle_choices(seed)`, which draws every order from one stream:
    there a question's order would change when another question is added or removed.
    """
    order = list(range(len(sample.choices or ())))
    random.Random(f"{seed}:{sample.id}").shuffle(order)
    return order


def _rotated(count: int, k: int) -> list[int]:
    """Rotation k: the option shown at A is the original option k."""
    return [(position + k) % count for position in range(count)]


def _reordered(sample: Sample, order: list[int], rotation: int | None = None) -> Sample:
    """`sample` showing its original options in `order`, its key remapped, the order recorded."""
    assert sample.choices is not None and isinstance(sample.target, str)
    key = ord(sample.target) - ord("A")
    metadata = dict(sample.metadata or {})
    metadata["options_shown"] = "".join(chr(ord("A") + original) for original in order)
    update: dict[str, Any] = {
        "choices": [sample.choices[original] for original in order],
        "target": chr(ord("A") + order.index(key)),
        "metadata": metadata,
    }
    if rotation is not None:
        metadata |= {"question_id": str(sample.id), "rotation": rotation}
        update["id"] = f"{sample.id}{ROTATION_MARK}{rotation}"
    return sample.model_copy(update=update)
