"""Where `bj-evals report`, `export` and `probe` write, checked before any work, in one line.

A folder (`report -o`, `probe -o`) must be a folder or creatable as one; a file
(`export -o`) must not be a folder and must sit in one; neither may lie under a file,
and the place must take a file: a file is made there and removed, so what the
permissions of this user (root included) and the file system allow is what counts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from bj_evals.errors import BJEvalsError


def output_folder(path: Path, option: str = "-o") -> Path:
    """`path`, made a folder that takes files, or a one-line error naming `option`."""
    if path.exists() and not path.is_dir():
        raise BJEvalsError(f"{option} {path}: this is a file; name a folder to write into")
    _writable(path, option, path)
    return path


def output_file(path: Path, suffixes: Sequence[str], option: str = "-o") -> Path:
    """`path`, a file of one of `suffixes` whose folder takes files, or a one-line error."""
    if path.is_dir():
        raise BJEvalsError(
            f"{option} {path}: this is a folder; name a {' or '.join(suffixes)} file"
        )
    if path.suffix.lower() not in suffixes:
        raise BJEvalsError(f"{option} {path}: name the file {' or '.join(suffixes)}")
    _writable(path.parent, option, path)
    return path


def _writable(folder: Path, option: str, named: Path) -> None:
    """Make `folder` (with its parents) and write a file into it, or a one-line error."""
    above = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if above is not None and not above.is_dir():
        raise BJEvalsError(
            f"{option} {named}: {above} is a file, so nothing can be written under it"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise BJEvalsError(f"{option} {named}: cannot be written ({reason})") from None
