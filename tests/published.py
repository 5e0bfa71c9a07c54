"""A fixture "published" source, and scripted models that have memorised it, or not.

Twelve text questions (I and II) with distinctive options and twelve cases with histories of
several sentences, built in code. A memoriser writes back the hidden option or the true rest
of a history for the items it has read; for any other item it writes the same plausible guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from inspect_ai.model import ModelOutput

from bj_evals.data.records import Benchmark
from bj_evals.data.schema import LETTERS
from tests.conftest import case_record, mcq_record, write_dataset
from tests.helpers import Call, reply

ITEMS = 12
GUESSED_OPTION = "Posterior interosseous nerve"
GUESSED_HISTORY = (
    "The pain has been getting worse for several weeks despite rest and simple analgesia."
)
SITES = ("knee", "hip", "shoulder", "ankle")


def write_published(root: Path) -> Path:
    """The fixture source: `ITEMS` questions (half I, half II) and `ITEMS` cases."""
    mcqs = [
        mcq_record(
            f"pub-q{n}",
            "I" if n % 2 else "II",
            "ABCDE"[n % 5],
            stem=f"Published question {n}: which structure is meant in scenario {n}?",
            options=[
                f"Option {word} of question {n} ({n * 7 + k})"
                for k, word in enumerate(("alpha", "beta", "gamma", "delta", "epsilon"))
            ],
        )
        for n in range(ITEMS)
    ]
    cases = []
    for n in range(ITEMS):
        site = SITES[n % len(SITES)]
        record = case_record(f"pub-c{n}", site, f"images/pub-c{n}.png")
        record["history"] = " ".join(
            f"Sentence {s} of published case {n} tells the story of the {site} ({n * 11 + s})."
            for s in range(6)
        )
        cases.append(record)
    return write_dataset(root, cases, mcqs)


def asked(benchmark: Benchmark, text: str) -> tuple[str, str] | None:
    """The item of `benchmark` a probe prompt asks about and its hidden text, if it is one."""
    letter = re.search(r"masked option ([A-E])", text)
    if letter is not None:
        mcq = next((q for q in benchmark.mcqs if f"\n\n{q.stem}\n\n" in text), None)
        hidden = LETTERS.index(letter.group(1))
        return None if mcq is None else (mcq.id, mcq.options[hidden])
    shown = " ".join(text.split("\n\n", 1)[1].split())
    for case in benchmark.cases:
        words = " ".join(case.history.split())
        if words.startswith(shown):
            return case.id, words[len(shown) :].strip()
    return None


def guess(call: Call) -> str:
    return GUESSED_OPTION if "masked option" in call.text else GUESSED_HISTORY


def memoriser(
    read: Iterable[Benchmark], only: set[str] | None = None
) -> Callable[[Call], ModelOutput]:
    """A model that has read `read` (only the items whose ids are in `only`, when given)."""
    sources = list(read)

    def respond(call: Call) -> ModelOutput:
        for benchmark in sources:
            item = asked(benchmark, call.text)
            if item is not None and (only is None or item[0] in only):
                return reply(item[1])
        return reply(guess(call))

    return respond
