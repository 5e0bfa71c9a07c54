"""Write a directory all at once: staged beside its place, renamed into it when complete.

A staging directory is named `.<name>.bj-import-<pid>-<random>`: no failure leaves one
behind, and one left by a process that was killed (whose pid no longer runs) is removed
by the next write to the same place. Concurrent writers each stage their own; the
first rename wins and the others find the directory written.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from bj_evals.errors import BJEvalsError

STAGING = ".bj-import-"


class OutputExists(BJEvalsError):
    """The target holds files already (perhaps written by a concurrent import of the same data)."""


def refuse_existing(to: Path) -> None:
    """Raise `OutputExists` unless `to` is absent or an empty directory."""
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise OutputExists(
            f"{to}: already exists and is not empty; choose another --to or remove it"
        )


def write_atomically(to: Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a fresh staging directory, then rename it to `to`; clean up on failure."""
    to.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(to)
    staging = to.parent / f".{to.name}{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        write(staging)
        if to.is_dir() and not any(to.iterdir()):
            to.rmdir()  # an empty target is replaced (os.replace cannot replace it on Windows)
        try:
            os.replace(staging, to)
        except OSError as error:
            refuse_existing(to)  # written meanwhile by a concurrent import
            raise BJEvalsError(f"{to}: cannot be written ({error})") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_stale(to: Path) -> None:
    """Remove the staging directories of `to` whose process no longer runs."""
    pattern = re.compile(rf"\.{re.escape(to.name)}{re.escape(STAGING)}(\d+)-[0-9a-f]+")
    for path in to.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and not _running(int(match[1])):
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether process `pid` exists (on Windows, where signal 0 would end it, assume so)."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, as another user's process
        return True
    return True
