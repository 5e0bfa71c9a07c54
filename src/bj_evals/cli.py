"""The `bj-evals` command: everything that is not `inspect eval`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bj_evals.analysis import LogSet, agreement, read_labels, read_logs, write_report
from bj_evals.analysis.stats import ADJUSTMENTS, INTERVALS, Interval
from bj_evals.data.importer import import_dataset
from bj_evals.data.mapping import load_map
from bj_evals.data.records import DataError, load_benchmark, validate_directory
from bj_evals.data.samples import coverage_note
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
    report = verbs.add_parser("report", help="tables, statistics and figures from B&J logs")
    report.add_argument("log_dirs", type=Path, nargs="+", metavar="LOG_DIR")
    report.add_argument("-o", "--out", type=Path, default=Path("reports"), metavar="OUT")
    report.add_argument("--ci", choices=INTERVALS, default="wilson", help="95%% interval method")
    report.add_argument(
        "--adjust", choices=ADJUSTMENTS, default="bonferroni", help="Dunn p-value adjustment"
    )
    agree = verbs.add_parser("agreement", help="the judge against human verdicts, Cohen's kappa")
    agree.add_argument("logs", type=Path, nargs="+", metavar="LOG")
    agree.add_argument("--human", type=Path, required=True, metavar="LABELS.csv")
    args = parser.parse_args(argv)
    try:
        if args.verb == "validate":
            return _validate(args.directory)
        if args.verb == "import":
            return _import(args.source, args.to, args.map)
        if args.verb == "agreement":
            return _agreement(args.logs, args.human)
        return _report(args.log_dirs, args.out, args.ci, args.adjust)
    except BJEvalsError as error:
        print(f"bj-evals {args.verb}: {error}", file=sys.stderr)
        return 1


def _import(source: Path, to: Path, map_file: Path | None) -> int:
    if not source.is_dir():
        raise BJEvalsError(f"{source}: no such directory")
    try:
        import_dataset(source, to, load_map(map_file) if map_file else None, report=_stderr)
    except DataError as error:
        for problem in error.problems:
            print(f"{source}/{problem}")
        return 1
    print(f"wrote {to}; check it with: bj-evals validate {to}", file=sys.stderr)
    return 0


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _validate(directory: Path) -> int:
    problems = validate_directory(directory)
    for problem in problems:
        print(f"{directory}/{problem}")
    note = None if problems else coverage_note(load_benchmark(directory))
    if note:
        print(note, file=sys.stderr)
    return 1 if problems else 0


def _read(paths: list[Path]) -> LogSet:
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise BJEvalsError(f"{missing[0]}: no such log file or directory")
    logs = read_logs(paths)
    for line in logs.unreadable:
        print(f"unreadable log {line}", file=sys.stderr)
    if logs.skipped:
        print(f"ignored {len(logs.skipped)} logs that are not finished B&J runs", file=sys.stderr)
    if logs.superseded:
        print(
            f"used the latest of repeated runs; ignored {len(logs.superseded)} older logs",
            file=sys.stderr,
        )
    if logs.samples.empty:
        raise BJEvalsError("no finished B&J logs found")
    return logs


def _report(log_dirs: list[Path], out: Path, ci: Interval, adjust: str) -> int:
    logs = _read(log_dirs)
    print(write_report(logs, out, ci, adjust))
    print(f"\nwrote {out / 'results.md'}, results.csv and figures", file=sys.stderr)
    return 0


def _agreement(paths: list[Path], human: Path) -> int:
    result = agreement(_read(paths), read_labels(human))
    kappa = "undefined" if result.cohen_kappa is None else f"{result.cohen_kappa:.3f}"
    fleiss = "undefined" if result.fleiss_kappa is None else f"{result.fleiss_kappa:.3f}"
    print(f"items compared: {result.n}")
    print(f"Cohen's kappa (judge majority vs human): {kappa}")
    print(f"percent agreement: {result.percent_agreement:.1%}")
    print(f"Fleiss' kappa among the judge's repeats: {fleiss}")
    print(result.confusion.to_string())
    for label in result.unmatched:
        print(f"label without a judged sample: {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
