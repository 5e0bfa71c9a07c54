"""The contamination probes' views: records to samples that hide part of what was published.

Option guessing (TS-Guessing, Deng et al. 2024) hides one wrong option of each text-only
question; case completion cuts each case's history at a sentence boundary near its middle.
Which option and which cut are drawn from the seed and the item's id, so a rerun with the
same seed asks the same thing; both are recorded in the sample's metadata. Every sample
also carries `probe_set`: `published` (the source) or `control` (data never published).
"""

from __future__ import annotations

import random
import re
from typing import Literal

from inspect_ai.dataset import Sample

from bj_evals.data.records import Benchmark
from bj_evals.data.schema import LETTERS, Mcq
from bj_evals.prompts import CASE_COMPLETION_PROMPT, OPTION_GUESSING_PROMPT
from bj_evals.task_table import MCQ

ProbeSet = Literal["published", "control"]

TEXT_QUESTIONS = tuple(task for task in MCQ if not task.image_only)
"""The multiple-choice tasks whose questions are text alone (I-II): option guessing asks them."""

MASK = "[MASK]"
CUT_WITHIN = (0.3, 0.7)
"""A history is cut at a sentence end between these shares of its words (else at the middle word)."""
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def option_guessing_samples(benchmark: Benchmark, probe_set: ProbeSet, seed: int) -> list[Sample]:
    """One sample per text-only question: a wrong option masked, its text the target."""
    questions = [q for task in TEXT_QUESTIONS for q in benchmark.mcqs_for(task.id)]
    return [_guessing_sample(q, probe_set, seed) for q in questions]


def _guessing_sample(mcq: Mcq, probe_set: ProbeSet, seed: int) -> Sample:
    wrong = [n for n, letter in enumerate(LETTERS) if letter != mcq.answer]
    hidden = random.Random(f"{seed}:{mcq.id}").choice(wrong)
    options = "\n".join(
        f"{letter}) {MASK if n == hidden else option}"
        for n, (letter, option) in enumerate(zip(LETTERS, mcq.options, strict=True))
    )
    prompt = OPTION_GUESSING_PROMPT.format(
        letter=LETTERS[hidden], question=mcq.stem, options=options
    )
    return Sample(
        id=f"{probe_set}/{mcq.id}",
        input=prompt,
        target=mcq.options[hidden],
        metadata={
            "probe_set": probe_set,
            "item_id": mcq.id,
            "bj_question_task": mcq.task,
            "hidden_letter": LETTERS[hidden],
            "site": mcq.site or "unspecified",
            "seed": seed,
        },
    )


def case_completion_samples(benchmark: Benchmark, probe_set: ProbeSet, seed: int) -> list[Sample]:
    """One sample per case: the beginning of its history; the rest of it the target."""
    samples = []
    for case in benchmark.cases:
        words = case.history.split()
        cut = history_cut(case.history, f"{seed}:{case.id}")
        samples.append(
            Sample(
                id=f"{probe_set}/{case.id}",
                input=CASE_COMPLETION_PROMPT.format(beginning=" ".join(words[:cut])),
                target=" ".join(words[cut:]),
                metadata={
                    "probe_set": probe_set,
                    "item_id": case.id,
                    "cut_word": cut,
                    "words": len(words),
                    "site": case.site,
                    "seed": seed,
                },
            )
        )
    return samples


def history_cut(history: str, draw: str) -> int:
    """The word index where the shown beginning ends: a sentence end drawn near the middle."""
    sentences = [s.split() for s in SENTENCE_END.split(history.strip())]
    total = sum(len(s) for s in sentences)
    ends, count = [], 0
    for sentence in sentences[:-1]:
        count += len(sentence)
        if CUT_WITHIN[0] * total <= count <= CUT_WITHIN[1] * total:
            ends.append(count)
    if ends:
        return random.Random(draw).choice(ends)
    return max(1, total // 2)
