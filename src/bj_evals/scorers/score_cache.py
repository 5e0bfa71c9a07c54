"""A small SQLite cache of computed scores, so `inspect score` and re-runs recompute nothing.

Each row is keyed by a SHA-256 of what decides the score (the scorer's settings, the
answer, the reference) and holds the score's numbers as JSON. The file lives in the
bj-evals cache folder (`$BJ_EVALS_CACHE`, else the user cache folder), beside the
converted hub snapshots.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from pathlib import Path

from bj_evals.data.images import cache_dir

SCHEMA = "CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def cache_key(settings: Mapping[str, object], answer: str, reference: str) -> str:
    """The key of one answer scored against one reference under `settings`."""
    material = json.dumps([dict(settings), answer, reference], sort_keys=True)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class ScoreCache:
    """Scores by key in one SQLite file; `path=None` keeps nothing (a cache that always misses)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    @classmethod
    def named(cls, name: str, enabled: bool = True) -> ScoreCache:
        """The cache file `<cache dir>/<name>.sqlite`, or no cache when not `enabled`."""
        return cls(cache_dir() / f"{name}.sqlite" if enabled else None)

    def get(self, keys: Sequence[str]) -> dict[str, list[float]]:
        """The cached scores among `keys`."""
        if self.path is None or not self.path.exists() or not keys:
            return {}
        found: dict[str, list[float]] = {}
        with closing(self._connect()) as db:
            for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM scores WHERE key IN ({marks})"
                found |= {key: json.loads(value) for key, value in db.execute(query, chunk)}
        return found

    def put(self, scores: Iterable[tuple[str, list[float]]]) -> None:
        """Keep `scores` (key, numbers)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.executemany(
                "INSERT OR REPLACE INTO scores VALUES (?, ?)",
                [(key, json.dumps(value)) for key, value in scores],
            )

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        db = sqlite3.connect(self.path, timeout=30)
        db.execute(SCHEMA)
        return db
