"""The `bj-evals` command: everything that is not `inspect eval`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bj_evals.analysis.summary import read_rows, to_markdown
from bj_evals.data.records import DataError, load_benchmark


def main(argv: list[str] | None = None) -> int:
    """Run a `bj-evals` verb and return its exit code."""
    parser = argparse.ArgumentParser(prog="bj-evals", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    validate = verbs.add_parser("validate", help="check a data directory before any model call")
    validate.add_argument("directory", type=Path)
    report = verbs.add_parser("report", help="summarise B&J logs")
    report.add_argument("log_dirs", type=Path, nargs="+", metavar="LOG_DIR")
    args = parser.parse_args(argv)
    if args.verb == "validate":
        return _validate(args.directory)
    return _report(args.log_dirs)


def _validate(directory: Path) -> int:
    try:
        benchmark = load_benchmark(directory)
    except DataError as error:
        print(*(f"{directory / str(problem)}" for problem in error.problems), sep="\n")
        return 1
    print(
        f"{directory}: {len(benchmark.cases)} cases and {len(benchmark.mcqs)} questions, "
        "no problems",
        file=sys.stderr,
    )
    return 0


def _report(log_dirs: list[Path]) -> int:
    missing = [path for path in log_dirs if not path.exists()]
    if missing:
        print(f"bj-evals report: {missing[0]}: no such log directory", file=sys.stderr)
        return 1
    rows, skipped = read_rows(log_dirs)
    if skipped:
        print(f"ignored {len(skipped)} logs that are not B&J tasks", file=sys.stderr)
    if not rows:
        print("bj-evals report: no B&J logs found", file=sys.stderr)
        return 1
    print(to_markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
