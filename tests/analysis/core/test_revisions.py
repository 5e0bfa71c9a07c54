"""A data set is known by its content: runs over different revisions of one source are
never compared, the report says so, and every run shows the revision it read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from inspect_ai.log import read_eval_log, write_eval_log
from inspect_ai.model import ModelOutput

from bj_evals import knowledge_recall
from bj_evals.analysis import compare_models, read_logs
from bj_evals.analysis.core.revisions import data_key, data_revision
from bj_evals.cli import main
from bj_evals.data.revision import content_revision
from bj_evals.importing.sources import load_source
from tests.analysis.conftest import run_task
from tests.helpers import Call, reply

KEYS = {"kr-1": "A", "kr-2": "C"}
"""The dataset fixture's task-I answer keys."""


def right(call: Call) -> ModelOutput:
    letter = next(key for mcq, key in KEYS.items() if f"Question {mcq}?" in call.text)
    return reply(f"ANSWER: {letter}")


def change_every_task_i_key(data: Path) -> None:
    path = data / "mcqs.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for record in records:
        if record["task"] == "I":
            record["answer"] = "ABCDE"[("ABCDE".index(record["answer"]) + 1) % 5]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_runs_over_an_edited_answer_key_are_not_compared_and_the_report_says_why(
    dataset: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    before = run_task(knowledge_recall, logs, right, source=str(dataset), name="mockllm/a")
    change_every_task_i_key(dataset)
    after = run_task(knowledge_recall, logs, right, source=str(dataset), name="mockllm/b")
    old, new = (str(read_eval_log(str(log)).eval.metadata["data_revision"]) for log in (before, after))  # type: ignore[index]  # fmt: skip
    assert old != new

    result = read_logs([logs])
    assert len(result.runs) == 2 and result.set_aside == []
    [comparison] = compare_models(result.samples)
    assert comparison.statistic is None and comparison.pairwise is None
    assert "(data)" in comparison.reason

    out = tmp_path / "out"
    assert main(["report", str(logs), "-o", str(out)]) == 0
    markdown = (out / "results.md").read_text(encoding="utf-8")
    sentence = next(line for line in markdown.splitlines() if "revisions" in line)
    assert str(dataset) in sentence and before.name in sentence and after.name in sentence
    assert old[:12] in sentence and new[:12] in sentence and "not compared" in sentence
    assert "Kruskal-Wallis p" not in markdown and "McNemar p" not in markdown
    runs = pd.read_csv(out / "runs.csv")
    used = runs[runs["status"] == "used"].set_index("model")
    assert used.loc["mockllm/a", "revision"] == old[:12]
    assert used.loc["mockllm/b", "revision"] == new[:12]
    assert set(used["source"]) == {str(dataset)}
    assert f"| {dataset!s} | {old[:12]} |" in markdown


def test_runs_over_one_revision_are_still_compared(dataset: Path, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    run_task(knowledge_recall, logs, right, source=str(dataset), name="mockllm/a")
    run_task(knowledge_recall, logs, lambda c: reply("ANSWER: E"), source=str(dataset), name="mockllm/b")  # fmt: skip
    [comparison] = compare_models(read_logs([logs]).samples)
    assert comparison.pairwise is not None and comparison.reason == ""


def test_a_copy_of_the_data_elsewhere_is_the_same_revision(dataset: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in dataset.rglob("*"):
        if path.is_file():
            (copy / path.relative_to(dataset)).parent.mkdir(parents=True, exist_ok=True)
            (copy / path.relative_to(dataset)).write_bytes(path.read_bytes())
    logs = tmp_path / "logs"
    run_task(knowledge_recall, logs, right, source=str(dataset), name="mockllm/a")
    run_task(knowledge_recall, logs, lambda c: reply("ANSWER: E"), source=str(copy), name="mockllm/b")  # fmt: skip
    [comparison] = compare_models(read_logs([logs]).samples)
    assert comparison.pairwise is not None and comparison.reason == ""


def test_a_log_from_before_revisions_is_read_as_before_with_the_revision_unknown(
    dataset: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    path = run_task(knowledge_recall, logs, right, source=str(dataset))
    log = read_eval_log(str(path))
    assert log.eval.metadata is not None
    del log.eval.metadata["data_revision"]
    write_eval_log(log, str(path))
    [run] = read_logs([logs]).runs
    assert run.options["data"] == str(dataset.resolve())
    assert run.revision == "" and run.source == str(dataset.resolve())
    out = tmp_path / "out"
    assert main(["report", str(logs), "-o", str(out)]) == 0
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs["revision"]) == ["unknown"]


@pytest.mark.parametrize("change", ["image", "key", "none"])
def test_the_content_revision_follows_records_and_image_bytes(dataset: Path, change: str) -> None:
    first = content_revision(load_source(str(dataset)))
    assert len(first) == 64 and int(first, 16) >= 0
    if change == "image":
        image = dataset / "images" / "knee-1.png"
        image.write_bytes(image.read_bytes() + b"\0")  # the decoder ignores trailing bytes
    elif change == "key":
        change_every_task_i_key(dataset)
    again = content_revision(load_source(str(dataset)))
    assert (again == first) == (change == "none")


def test_an_older_hub_log_is_known_by_the_commit_in_its_data_dir() -> None:
    commit = "0123abcdef4567890123abcdef4567890123abcd"
    older = {"source": "hf", "data_dir": f"/cache/bj_evals/hf/converter-2/{commit}"}
    newer = older | {"data_revision": commit}
    assert data_revision(older) == data_revision(newer) == commit
    assert data_key(older) == data_key(newer) == "hf@0123abcdef45"
    pinned = {"source": "hf@0123abcd", "data_dir": f"/hub/snapshots/{commit}"}
    assert data_key(pinned) == data_key(older)
    assert data_revision({"source": "/data/bj", "data_dir": "/data/bj"}) == ""


def test_an_image_rewritten_in_place_with_its_size_and_time_kept_changes_the_revision(
    dataset: Path,
) -> None:
    benchmark = load_source(str(dataset))
    first = content_revision(benchmark)
    image = dataset / "images" / "knee-1.png"
    before = image.stat()
    data = bytearray(image.read_bytes())
    data[-20] ^= 0xFF
    image.write_bytes(bytes(data))
    os.utime(image, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert image.stat().st_size == before.st_size
    assert image.stat().st_mtime_ns == before.st_mtime_ns
    assert content_revision(benchmark) != first
