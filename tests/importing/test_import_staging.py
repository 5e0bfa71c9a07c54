"""`bj-evals import` writes atomically: no staging left behind, even after a kill or a race."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bj_evals.data import DEMO_DIR
from bj_evals.data.problems import DataError
from bj_evals.data.records import load_benchmark
from bj_evals.importing import importer, sources
from bj_evals.importing.importer import import_dataset
from bj_evals.importing.sources import load_source
from bj_evals.importing.staging import write_atomically
from tests.importing.hub_fixture import (
    case_row,
    draw,
    link_like_the_hub_cache,
    write_hub_layout,
    write_table,
)

ROOT = Path(__file__).parents[2]


def many_cases(src: Path, count: int) -> Path:
    write_table(src / "cases.csv", [case_row(f"K{n}") for n in range(count)])
    for n in range(count):
        draw(src / "knee" / f"K{n}_xray.png", shade=n % 250)
    return src


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_failed_import_leaves_nothing_beside_the_output(tmp_path: Path) -> None:
    src = many_cases(tmp_path / "src", 3)
    (src / "knee" / "K2_xray.png").write_bytes(b"\x89PNG broken")
    with pytest.raises(DataError, match=r"K2_xray\.png is corrupt"):
        import_dataset(src, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


def test_a_write_that_fails_midway_leaves_no_staging_and_no_output(tmp_path: Path) -> None:
    def half_written(staging: Path) -> None:
        (staging / "cases.jsonl").write_text("{}\n", encoding="utf-8")
        raise OSError("No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_atomically(tmp_path / "out", half_written)
    assert list(tmp_path.iterdir()) == []


def test_a_stale_staging_directory_of_a_dead_import_is_removed_by_the_next_run(
    tmp_path: Path,
) -> None:
    """Simulates what a kill -9 leaves: a staging directory named after a pid now gone."""
    src = many_cases(tmp_path / "src", 2)
    stale = tmp_path / f".out.bj-import-{dead_pid()}-0a1b"
    (stale / "images").mkdir(parents=True)
    (stale / "cases.jsonl").write_text("{}\n", encoding="utf-8")
    running = tmp_path / f".out.bj-import-{os.getpid()}-ffff"  # a live import: left alone
    running.mkdir()
    other = tmp_path / f".elsewhere.bj-import-{dead_pid()}-0a1b"  # another output's: left alone
    other.mkdir()

    import_dataset(src, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [running.name, other.name, "out", "src"]
    )


CHILD = """
import os, shutil, sys, time
from pathlib import Path
link, copy = os.link, shutil.copyfile

def slow_link(*args, **kwargs):  # slow the copy down so that the kill lands in the middle of it
    time.sleep(0.02)
    return link(*args, **kwargs)

def slow_copy(*args, **kwargs):
    time.sleep(0.02)
    return copy(*args, **kwargs)

os.link, shutil.copyfile = slow_link, slow_copy
from bj_evals.importing.importer import import_dataset
import_dataset(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.slow
def test_the_staging_of_an_import_killed_mid_copy_is_removed_by_the_next_run(
    tmp_path: Path,
) -> None:
    src = many_cases(tmp_path / "src", 150)
    out = tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(src), str(out)],
        env=os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
    )
    staging: list[Path] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        staging = list(tmp_path.glob(".out.bj-import-*"))
        if staging and len(list((staging[0] / "images").rglob("*.png"))) >= 20:
            break
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    [left] = staging
    assert left.is_dir() and not out.exists()  # what the kill left behind

    import_dataset(src, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "src"]
    assert len(load_benchmark(out).cases) == 150


def test_simultaneous_first_runs_of_source_hf_all_get_the_converted_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = write_hub_layout(tmp_path / "snapshot" / "0123abcd", load_benchmark(DEMO_DIR))
    together = threading.Barrier(3)

    def fake_snapshot_download(repo_id: str, **kwargs: str) -> str:
        together.wait(timeout=30)  # every run has looked in the cache before any converts
        return str(hub)

    monkeypatch.setattr(sources, "snapshot_download", fake_snapshot_download)
    results: list[object] = []

    def first_run() -> None:
        try:
            results.append(load_source("hf").root)
        except Exception as error:  # each run's outcome is compared below
            results.append(error)

    threads = [threading.Thread(target=first_run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = tmp_path / "bj-cache" / "hf" / f"converter-{importer.CONVERTER_VERSION}" / "0123abcd"
    assert results == [expected] * 3
    assert sorted(p.name for p in expected.parent.iterdir()) == ["0123abcd"]


@pytest.mark.slow
def test_simultaneous_first_runs_in_separate_processes_all_succeed(tmp_path: Path) -> None:
    hub = write_hub_layout(tmp_path / "snapshot" / "0123abcd", load_benchmark(DEMO_DIR))
    script = f"""
import sys, time
from pathlib import Path
from bj_evals.importing import sources
ready = Path({str(tmp_path)!r}) / f"ready-{{sys.argv[1]}}"

def fake_snapshot_download(repo_id, **kwargs):
    ready.touch()
    while len(list(ready.parent.glob("ready-*"))) < 3:
        time.sleep(0.01)
    return {str(hub)!r}

sources.snapshot_download = fake_snapshot_download
print(sources.load_source("hf").root)
"""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(n)], env=env, stdout=subprocess.PIPE, text=True
        )
        for n in range(3)
    ]
    outputs = [run.communicate(timeout=120)[0].strip() for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0]
    assert len(set(outputs)) == 1 and outputs[0].endswith("0123abcd")


def test_the_conversion_cache_is_keyed_by_the_converter_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = write_hub_layout(tmp_path / "snapshot" / "0123abcd", load_benchmark(DEMO_DIR))
    monkeypatch.setattr(sources, "snapshot_download", lambda repo_id, **kwargs: str(hub))
    first = load_source("hf").root
    monkeypatch.setattr(importer, "CONVERTER_VERSION", importer.CONVERTER_VERSION + 1)
    second = load_source("hf").root
    assert first != second and first.name == second.name == "0123abcd"
    assert (second / "cases.jsonl").is_file()


def test_a_hub_snapshot_of_symlinks_into_the_blob_store_converts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = link_like_the_hub_cache(
        write_hub_layout(tmp_path / "hub" / "snapshots" / "0123abcd", load_benchmark(DEMO_DIR))
    )
    monkeypatch.setattr(sources, "snapshot_download", lambda repo_id, **kwargs: str(hub))
    assert len(load_source("hf").cases) == len(load_benchmark(DEMO_DIR).cases)
