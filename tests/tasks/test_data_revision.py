"""Every task's log records the revision of the data it read: the content hash of a
directory or the demo set, the commit of the hub's snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval

import bj_evals
from bj_evals.data import DEMO_DIR
from bj_evals.data.records import load_benchmark
from bj_evals.data.revision import content_revision
from bj_evals.importing import sources
from bj_evals.importing.sources import load_source, source_revision
from tests.analysis.conftest import grade
from tests.helpers import Scripted, reply
from tests.importing.hub_fixture import write_hub_layout


def test_every_task_records_the_content_revision_of_its_directory(dataset: Path) -> None:
    tasks: list[Any] = [getattr(bj_evals, name) for name in bj_evals.__all__]
    logs = eval(
        tasks,
        task_args={"source": str(dataset)},
        model=Scripted(lambda call: reply("ANSWER: A\nEXPERT ANSWER: a MISMATCH")).model(),
        model_roles={"grader": Scripted(grade).model()},
        limit=1,
        display="none",
    )
    expected = content_revision(load_source(str(dataset)))
    assert len(logs) == len(bj_evals.__all__) and all(log.status == "success" for log in logs)
    assert {log.eval.metadata["data_revision"] for log in logs if log.eval.metadata} == {expected}


def test_the_demo_set_is_known_by_its_content_and_the_hub_by_its_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = load_source("demo")
    assert source_revision("demo", demo) == content_revision(demo)
    assert source_revision(str(DEMO_DIR), load_source(str(DEMO_DIR))) == content_revision(demo)

    snapshot = write_hub_layout(tmp_path / "snapshot" / "0123abcd", load_benchmark(DEMO_DIR))
    monkeypatch.setattr(sources, "snapshot_download", lambda repo_id, **kwargs: str(snapshot))
    assert source_revision("hf", load_source("hf")) == "0123abcd"
