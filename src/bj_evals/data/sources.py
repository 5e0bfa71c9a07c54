"""Where the records come from: the hub (`hf`), the bundled demo set, or a directory."""

from __future__ import annotations

from pathlib import Path

from bj_evals.data.records import Benchmark, DataError, load_benchmark
from bj_evals.errors import BJEvalsError

DEMO_DIR = Path(__file__).parent / "demo"


def load_source(source: str) -> Benchmark:
    """Load and validate the records of `-T source=` (`hf`, `demo` or a directory)."""
    root = resolve_source(source)
    try:
        return load_benchmark(root)
    except DataError as error:
        raise BJEvalsError(
            f"{root}/{error}. Run `bj-evals validate {root}` to list every problem."
        ) from error


def resolve_source(source: str) -> Path:
    """The canonical directory that `source` names."""
    if source == "demo":
        return DEMO_DIR
    if source == "hf":
        raise BJEvalsError(
            "source=hf: the published data set is not available in this version; "
            "use -T source=demo or -T source=<directory in the canonical format>."
        )
    path = Path(source).expanduser()
    if not path.is_dir():
        raise BJEvalsError(
            f"source={source}: no such directory; use -T source=hf, -T source=demo "
            "or -T source=<directory in the canonical format>."
        )
    return path.resolve()
