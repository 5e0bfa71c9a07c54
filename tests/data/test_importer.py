"""`bj-evals import` and `source=hf`: the same adapter turns snapshots into canonical data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from inspect_ai import eval

from bj_evals import diagnosis_generation, knowledge_recall
from bj_evals.cli import main
from bj_evals.data import sources
from bj_evals.data.importer import import_dataset
from bj_evals.data.records import DataError, load_benchmark
from bj_evals.data.sources import DEMO_DIR, load_source
from bj_evals.errors import BJEvalsError
from tests.data.hub_fixture import write_hub_layout
from tests.helpers import Scripted, judge_verdicts, reply


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return write_hub_layout(tmp_path / "snapshot" / "0123abcd", load_benchmark(DEMO_DIR))


def same_records(loaded: object, original: object) -> None:
    for ours, theirs in zip(loaded.cases, original.cases, strict=True):  # type: ignore[attr-defined]
        assert ours.model_dump(exclude={"images"}) == theirs.model_dump(exclude={"images"})
        assert [i.modality for i in ours.images] == [i.modality for i in theirs.images]
    for ours, theirs in zip(loaded.mcqs, original.mcqs, strict=True):  # type: ignore[attr-defined]
        assert ours.model_dump(exclude={"image"}) == theirs.model_dump(exclude={"image"})


def test_import_validate_load_round_trips_the_demo_set(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "canonical"
    assert main(["import", str(hub), "--to", str(out)]) == 0
    assert main(["validate", str(out)]) == 0
    same_records(load_benchmark(out), load_benchmark(DEMO_DIR))


def test_source_hf_downloads_and_converts_once_through_the_same_adapter(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, str]] = []

    def fake_snapshot_download(repo_id: str, **kwargs: str) -> str:
        calls.append({"repo_id": repo_id, **kwargs})
        return str(hub)

    monkeypatch.setattr(sources, "snapshot_download", fake_snapshot_download)
    first = load_source("hf")
    again = load_source("hf@0123abcd")

    assert calls[0] == {"repo_id": sources.HF_REPO, "repo_type": "dataset", "revision": "main"}
    assert calls[1]["revision"] == "0123abcd"
    assert first.root == again.root == tmp_path / "bj-cache" / "hf" / "0123abcd"
    same_records(first, load_benchmark(DEMO_DIR))


@pytest.mark.parametrize(
    ("offline", "hint"), [("1", "it is not in the local cache"), ("0", "the hub cannot be reached")]
)
def test_an_unavailable_hub_names_the_other_sources(
    offline: str, hint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(repo_id: str, **kwargs: str) -> str:
        raise ConnectionError("Name or service not known")

    monkeypatch.setenv("HF_HUB_OFFLINE", offline)
    monkeypatch.setattr(sources, "snapshot_download", unreachable)
    with pytest.raises(BJEvalsError) as raised:
        load_source("hf")
    message = str(raised.value)
    assert hint in message and "-T source=demo" in message
    assert "-T source=<directory" in message


def test_an_unknown_layout_lists_files_and_columns_and_the_import_command(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    pd.DataFrame({"Patient": ["p1"], "Notes": ["..."]}).to_csv(
        tmp_path / "src" / "data.csv", index=False
    )
    with pytest.raises(BJEvalsError) as raised:
        import_dataset(tmp_path / "src", tmp_path / "out")
    message = str(raised.value)
    assert "data.csv (columns: Patient, Notes)" in message
    assert f"bj-evals import {tmp_path / 'src'} --to <dir> --map <map.yaml>" in message
    assert not (tmp_path / "out").exists()


def test_a_map_file_names_unusual_columns(hub: Path, tmp_path: Path) -> None:
    frame = pd.read_csv(hub / "questions.csv", dtype=str, keep_default_na=False)
    frame.rename(columns={"Question": "Vraag", "Answer": "Sleutel"}).to_csv(
        hub / "questions.csv", index=False
    )
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "mcqs:\n  file: questions.csv\n  columns: {id: ID, task: Task, stem: Vraag, answer: Sleutel,"
        " image: Image, site: Site, case_id: Case ID}\n  options: [A, B, C, D, E]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["import", str(hub), "--to", str(out), "--map", str(column_map)]) == 0
    assert len(load_benchmark(out).mcqs) == len(load_benchmark(DEMO_DIR).mcqs)


def test_bad_cells_are_named_by_source_file_row_and_column(hub: Path, tmp_path: Path) -> None:
    frame = pd.read_csv(hub / "questions.csv", dtype=str, keep_default_na=False)
    frame.loc[2, "Answer"] = "F"
    frame.loc[4, "Image"] = ""
    frame.loc[4, "Task"] = "Task III"
    frame.to_csv(hub / "questions.csv", index=False)
    with pytest.raises(DataError) as raised:
        import_dataset(hub, tmp_path / "out")
    lines = [str(problem) for problem in raised.value.problems]
    assert any(
        line.startswith("questions.csv:4: Answer (answer): input should be 'A'") for line in lines
    )
    assert any(
        line.startswith(
            "questions.csv:6: Image (image): task III questions are answered from an image"
        )
        for line in lines
    )
    assert not (tmp_path / "out").exists()


def test_import_refuses_to_overwrite(
    hub: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["import", str(hub), "--to", str(tmp_path / "out")]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert (tmp_path / "out" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_tasks_run_from_an_imported_directory(hub: Path, tmp_path: Path) -> None:
    out = import_dataset(hub, tmp_path / "imported")
    logs = eval(
        [knowledge_recall, diagnosis_generation],
        task_args={"source": str(out), "judge_repeats": 1},
        model=Scripted(lambda call: reply("ANSWER: A")).model(),
        model_roles={"grader": judge_verdicts("Correct").model()},
        display="none",
    )
    assert [log.status for log in logs] == ["success", "success"]
    assert [log.results.total_samples for log in logs if log.results] == [12, 16]
