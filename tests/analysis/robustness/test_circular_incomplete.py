"""Circular accuracy counts a question only when every one of its rotations was scored."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from inspect_ai.model import ModelOutput

from bj_evals import knowledge_recall
from bj_evals.analysis import read_logs
from bj_evals.analysis.robustness.option_order import circular_table
from tests.analysis.conftest import run_task
from tests.helpers import Call, reply


def always_a(call: Call) -> ModelOutput:
    return reply("ANSWER: A")


def test_one_rotation_of_one_question_is_incomplete_not_circular_accuracy_100(
    tmp_path: Path,
) -> None:
    # kr-02's key is A: its first rotation, alone, is answered right by a model naming A
    run_task(
        knowledge_recall, tmp_path, always_a, source="demo", option_order="circular",
        sample_id="kr-02#r0",
    )  # fmt: skip
    [row] = circular_table(read_logs([tmp_path]).samples).to_dict("records")
    assert (row["questions"], row["incomplete"], row["rotations"]) == (0, 1, 1)
    assert np.isnan(row["circular_accuracy"])
    assert row["first_rotation_accuracy"] == 1.0
