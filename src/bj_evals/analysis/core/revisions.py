"""Which data a run read: its source and the revision of it, and runs that cannot be compared.

Every log since the data revision was introduced records `data_revision`: the hub's
commit for `-T source=hf`, the hash of the records and image bytes for `demo` and a
directory (`data/revision.py`). Runs are comparable only over one revision, so an
answer key edited between two runs keeps them apart. A log written before records
none: it is grouped as it always was (by its directory, or as `demo`), its revision
shown as unknown (an older log of the hub names its commit in `data_dir`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bj_evals.data.revision import short_revision

if TYPE_CHECKING:
    from bj_evals.analysis.core.runs import Run

UNKNOWN = "unknown"
"""The revision shown for a log written before logs recorded one."""


def data_source(metadata: dict[str, Any]) -> str:
    """Where a run's data came from: `demo`, `hf`, or the directory read."""
    source = str(metadata.get("source") or "")
    if source == "demo" or _hub(source):
        return source.partition("@")[0]
    return str(metadata.get("data_dir") or source)


def data_revision(metadata: dict[str, Any]) -> str:
    """The revision a run read (the full hash or commit), or '' when an older log cannot say.

    An older log of the hub names its commit in `data_dir` (the snapshot's folder).
    """
    recorded = str(metadata.get("data_revision") or "")
    if recorded or not _hub(str(metadata.get("source") or "")):
        return recorded
    return Path(str(metadata.get("data_dir") or "")).name


def data_key(metadata: dict[str, Any]) -> str:
    """What two runs' data must share to be compared (`hf@<commit>` or the content revision).

    A log from before revisions is keyed as before: `demo`, or its directory.
    """
    source = str(metadata.get("source") or "")
    revision = data_revision(metadata)
    if _hub(source):
        return f"hf@{short_revision(revision)}"
    if revision:
        return short_revision(revision)  # one content wherever it lies
    return "demo" if source == "demo" else data_source(metadata)


def _hub(source: str) -> bool:
    return source == "hf" or source.startswith("hf@")


def shown_revision(run: Run) -> str:
    """A run's revision as the per-run table shows it."""
    return short_revision(run.revision) if run.revision else UNKNOWN


def revision_notes(runs: list[Run]) -> list[str]:
    """One sentence per source whose runs read it at several revisions, naming the runs."""
    by_source: dict[str, dict[str, list[Run]]] = {}
    for run in runs:
        by_source.setdefault(run.source, {}).setdefault(shown_revision(run), []).append(run)
    notes = []
    for source, revisions in by_source.items():
        if len(revisions) < 2:
            continue
        named = "; ".join(
            f"{revision} in {', '.join(_run_name(run) for run in group)}"
            for revision, group in revisions.items()
        )
        notes.append(
            f"Data source {source} was read at {len(revisions)} revisions, and runs over "
            f"different revisions are not compared: {named}."
        )
    return notes


def _run_name(run: Run) -> str:
    return f"{Path(run.file).name} ({run.task}, {run.model})"
