"""The `bj-evals` command: everything that is not `inspect eval`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bj_evals.analysis.summary import read_rows, to_markdown
from bj_evals.data.importer import import_dataset
from bj_evals.data.mapping import load_map
from bj_evals.data.records import DataError, validate_directory
from bj_evals.errors import BJEvalsError


def main(argv: list[str] | None = None) -> int:
    """Run a `bj-evals` verb and return its exit code."""
    parser = argparse.ArgumentParser(prog="bj-evals", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    validate = verbs.add_parser("validate", help="check a data directory before any model call")
    validate.add_argument("directory", type=Path)
    importer = verbs.add_parser(
        "import", help="convert a snapshot or spreadsheets to a data directory"
    )
    importer.add_argument("source", type=Path, metavar="SRC")
    importer.add_argument("--to", type=Path, required=True, metavar="DIR")
    importer.add_argument("--map", type=Path, metavar="FILE", help="column map (YAML or JSON)")
    report = verbs.add_parser("report", help="summarise B&J logs")
    report.add_argument("log_dirs", type=Path, nargs="+", metavar="LOG_DIR")
    args = parser.parse_args(argv)
    try:
        if args.verb == "validate":
            return _validate(args.directory)
        if args.verb == "import":
            return _import(args.source, args.to, args.map)
        return _report(args.log_dirs)
    except BJEvalsError as error:
        print(f"bj-evals {args.verb}: {error}", file=sys.stderr)
        return 1


def _import(source: Path, to: Path, map_file: Path | None) -> int:
    if not source.is_dir():
        raise BJEvalsError(f"{source}: no such directory")
    try:
        import_dataset(source, to, load_map(map_file) if map_file else None)
    except DataError as error:
        for problem in error.problems:
            print(f"{source}/{problem}")
        return 1
    print(f"wrote {to}; check it with: bj-evals validate {to}", file=sys.stderr)
    return 0


def _validate(directory: Path) -> int:
    problems = validate_directory(directory)
    for problem in problems:
        print(f"{directory}/{problem}")
    return 1 if problems else 0


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
