"""Where the records come from: the hub (`hf`), the bundled demo set, or a directory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from huggingface_hub import snapshot_download

from bj_evals.data import DEMO_DIR
from bj_evals.data.images import cache_dir
from bj_evals.data.problems import DataError
from bj_evals.data.records import CASES_FILE, MCQS_FILE, Benchmark, load_benchmark
from bj_evals.data.revision import content_revision
from bj_evals.errors import BJEvalsError

HF_REPO = "PUTH2025/Bones_and_Joints_Benchmark"
HF_REVISION = "main"
"""The revision `-T source=hf` downloads; `-T source=hf@<commit>` pins another. Every log
records the commit actually used in its `data_dir` (the snapshot's commit hash)."""

logger = logging.getLogger(__name__)

OTHER_SOURCES = (
    "use -T source=demo (the bundled cases) or -T source=<directory in the canonical format>"
)


def load_source(source: str) -> Benchmark:
    """Load and validate the records of `-T source=` (`hf`, `hf@<revision>`, `demo` or a directory)."""
    root = resolve_source(source)
    try:
        return load_benchmark(root)
    except DataError as error:
        raise BJEvalsError(
            f"{root}/{error}. Run `bj-evals validate {root}` to list every problem."
        ) from error


def source_revision(source: str, benchmark: Benchmark) -> str:
    """What `source` held when `benchmark` was read, as every task's log records it.

    The hub's commit for `hf`; otherwise the hash of its records and image bytes
    (`data/revision.py`).
    """
    if is_hub(source):
        return benchmark.root.name  # the snapshot's folder, or its conversion's, is the commit
    return content_revision(benchmark)


def is_hub(source: str) -> bool:
    """Whether `source` names the published data on the hub (`hf` or `hf@<revision>`)."""
    return source == "hf" or source.startswith("hf@")


def resolve_source(source: str) -> Path:
    """The canonical directory that `source` names, downloading and converting `hf` once."""
    if source == "demo":
        return DEMO_DIR
    if is_hub(source):
        return hub_directory(source.partition("@")[2] or HF_REVISION)
    path = Path(source).expanduser()
    if not path.is_dir():
        raise BJEvalsError(
            f"source={source}: no such directory; use -T source=hf, or {OTHER_SOURCES}."
        )
    return path.resolve()


def hub_directory(revision: str) -> Path:
    """The published data at `revision` in the canonical format, converted once and cached."""
    try:
        snapshot = Path(snapshot_download(HF_REPO, repo_type="dataset", revision=revision))
    except Exception as error:  # the hub client raises many kinds; all mean "not available"
        offline = os.environ.get("HF_HUB_OFFLINE") not in (None, "", "0")
        reason = " ".join(str(error).split())[:300] or type(error).__name__
        hint = "it is not in the local cache" if offline else "the hub cannot be reached"
        raise BJEvalsError(
            f"source=hf: {HF_REPO} at revision {revision} is not available ({hint}: {reason}); "
            f"{OTHER_SOURCES}."
        ) from error
    if (snapshot / CASES_FILE).is_file() and (snapshot / MCQS_FILE).is_file():
        return snapshot
    # imported here: the converter pulls in pandas, which every `inspect` command would
    # otherwise pay for when it loads this package's entry point
    from bj_evals.importing.importer import CONVERTER_VERSION, import_dataset
    from bj_evals.importing.staging import OutputExists

    # the snapshot folder is its commit hash; a new converter converts it afresh
    converted = cache_dir() / "hf" / f"converter-{CONVERTER_VERSION}" / snapshot.name
    if not (converted / CASES_FILE).is_file():
        blobs = snapshot.parent.parent / "blobs"  # where huggingface_hub's symlinks point
        try:
            import_dataset(snapshot, converted, report=logger.info, trusted=(blobs,))
        except OutputExists:
            if not (converted / CASES_FILE).is_file():
                raise  # not another run's conversion: something else is there
        except DataError as error:
            raise BJEvalsError(
                f"source=hf: {snapshot}/{error}; the published files did not convert. Write a "
                f"column map and run: bj-evals import {snapshot} --to <dir> --map <map.yaml>, "
                "then use -T source=<dir>."
            ) from error
    return converted
