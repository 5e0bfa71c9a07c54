"""What a data set is: a hash of its records and image bytes, recorded in every log.

A directory's path says where the data is, not what it is: an edited answer key or a
replaced image leaves the path as it was. The content revision is a sha256 over the
validated records (in file order, as canonical JSON: reformatting a file changes
nothing a task reads, so it changes nothing here) and the bytes of every image they
reference. Two copies of one data set have one revision; any edit gives a new one.

Each image's bytes are hashed once per file version in a process (by path, size,
modification and change time, as validation decodes each image once), so building the eight tasks
over one directory reads its images once.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from bj_evals.data.image_checks import content_digest
from bj_evals.data.records import Benchmark

REVISION_FORMAT = "bj-evals content revision 1"
"""Hashed first: a change to what is hashed changes every revision."""

SHORT = 12
"""Hex digits shown for a revision (as git shows a commit)."""


def content_revision(benchmark: Benchmark) -> str:
    """The sha256 (hex) of a validated data set's records and referenced image bytes."""
    digest = hashlib.sha256(REVISION_FORMAT.encode())
    for kind, records in (("case", benchmark.cases), ("mcq", benchmark.mcqs)):
        for record in records:
            text = json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
            data = text.encode()
            digest.update(f"\n{kind} {len(data)}\n".encode() + data)
    for name in sorted(_image_paths(benchmark)):
        path = benchmark.root / name
        stat = path.stat()
        image = _file_digest(path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        digest.update(f"\nimage {name} {image}".encode())
    return digest.hexdigest()


def short_revision(revision: str) -> str:
    """A revision as shown in reports: its first 12 hex digits."""
    return revision[:SHORT]


def _image_paths(benchmark: Benchmark) -> set[str]:
    paths = {image.path for case in benchmark.cases for image in case.images}
    return paths | {mcq.image.path for mcq in benchmark.mcqs if mcq.image is not None}


@lru_cache(maxsize=16384)
def _file_digest(path: Path, length: int, mtime_ns: int, ctime_ns: int) -> str:
    """The sha256 of a file's bytes, once per file version (its size and times).

    A copy that keeps the modification time still changes `ctime_ns`.
    """
    return content_digest(path.read_bytes())  # the digest validation names an image's bytes by
