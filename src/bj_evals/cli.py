"""The `bj-evals` command: everything that is not `inspect eval`.

Inspect, pandas, scipy and matplotlib are imported inside the verbs that use them,
so that `bj-evals --help` and `--version` answer at once.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bj_evals.analysis.core.logs import LogSet

# the choices of --ci and --adjust, kept equal to bj_evals.analysis.core.stats (a test checks)
INTERVALS = ("wilson", "clopper-pearson", "agresti-coull")
ADJUSTMENTS = ("bonferroni", "holm", "sidak", "fdr_bh", "none")


def main(argv: list[str] | None = None) -> int:
    """Run a `bj-evals` verb and return its exit code."""
    args = _parser().parse_args(argv)
    from bj_evals.errors import BJEvalsError

    try:
        if args.verb == "validate":
            return _validate(args.directory)
        if args.verb == "import":
            return _import(args.source, args.to, args.map)
        if args.verb == "agreement":
            return _agreement(args.logs, args.human)
        if args.verb == "export":
            return _export(args.logs, args.out, args.force)
        if args.verb == "probe":
            return _probe(args)
        return _report(args)
    except BJEvalsError as error:
        print(f"bj-evals {args.verb}: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bj-evals", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"bj-evals {_version()}")
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
        "--adjust", choices=ADJUSTMENTS, default="bonferroni", help="pairwise p-value adjustment"
    )
    report.add_argument(
        "--label", action="append", default=[], metavar="MODEL=NAME",
        help="a model's name in tables and figures (repeat; their order is the report's)",
    )  # fmt: skip
    report.add_argument(
        "--labels", type=Path, metavar="NAMES.yaml",
        help="YAML mapping of model to display name; its order is the report's",
    )  # fmt: skip
    report.add_argument(
        "--flag-above", type=_share, default=0.05, metavar="SHARE",
        help="flag rows whose errored samples or failed grader calls exceed this share (0.05)",
    )  # fmt: skip
    export = verbs.add_parser("export", help="every answer, verdict and reason, for review")
    export.add_argument("logs", type=Path, nargs="+", metavar="LOG")
    export.add_argument("-o", "--out", type=Path, required=True, metavar="ANSWERS.csv|.xlsx")
    export.add_argument(
        "--force", action="store_true",
        help="overwrite OUT if it exists (never a sheet with human verdicts filled in)",
    )  # fmt: skip
    agree = verbs.add_parser("agreement", help="the judge against human verdicts, Cohen's kappa")
    agree.add_argument("logs", type=Path, nargs="+", metavar="LOG")
    agree.add_argument("--human", type=Path, required=True, metavar="LABELS.csv|.xlsx")
    probe = verbs.add_parser("probe", help="linear probes of a local model's image embeddings")
    probe.add_argument("model", metavar="hfvlm/MODEL")
    probe.add_argument("--source", default="demo", help="demo, hf, hf@<commit> or a directory")
    probe.add_argument("-o", "--out", type=Path, default=Path("reports/probe"), metavar="OUT")
    probe.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1, mps")
    probe.add_argument("--dtype", default="auto", help="auto, bfloat16, float16, float32")
    probe.add_argument("--folds", type=int, default=5, help="cross-validation folds (at most)")
    probe.add_argument("--seed", type=int, default=20251227, help="folds and bootstrap seed")
    return parser


def _version() -> str:
    try:
        return version("bj-evals")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _share(text: str) -> float:
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 <= share < 1:
        raise argparse.ArgumentTypeError(f"{text}: give a share from 0 to 1, e.g. 0.05")
    return share


def _import(source: Path, to: Path, map_file: Path | None) -> int:
    from bj_evals.data.problems import DataError
    from bj_evals.errors import BJEvalsError
    from bj_evals.importing.importer import import_dataset
    from bj_evals.importing.mapping import load_map

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
    from bj_evals.data.coverage import coverage_note
    from bj_evals.data.records import load_benchmark, validate_directory

    problems = validate_directory(directory)
    for problem in problems:
        print(f"{directory}/{problem}")
    note = None if problems else coverage_note(load_benchmark(directory))
    if note:
        print(note, file=sys.stderr)
    return 1 if problems else 0


def _read(paths: list[Path], samples: bool = True, probes: bool = False) -> LogSet:
    from bj_evals.analysis.core.logs import read_logs
    from bj_evals.analysis.core.revisions import revision_notes
    from bj_evals.errors import BJEvalsError

    missing = [path for path in paths if not path.exists()]
    if missing:
        raise BJEvalsError(f"{missing[0]}: no such log file or directory")
    logs = read_logs(paths, samples=samples)
    for line in logs.unreadable:
        print(f"unreadable log {line}", file=sys.stderr)
    if logs.skipped:
        print(f"ignored {len(logs.skipped)} logs that are not B&J runs", file=sys.stderr)
    for aside in logs.set_aside:
        print(f"set aside {aside.file}: {aside.reason}", file=sys.stderr)
    for note in revision_notes(logs.runs):
        print(note, file=sys.stderr)
    if not logs.runs and not (probes and logs.probes):
        raise BJEvalsError("no finished B&J logs found")
    return logs


def _report(args: argparse.Namespace) -> int:
    from bj_evals.analysis.core.names import load_names
    from bj_evals.analysis.core.outputs import output_folder
    from bj_evals.analysis.report import write_report

    names = load_names(args.labels, args.label)
    output_folder(args.out)
    logs = _read(args.log_dirs, probes=True)
    report = write_report(logs, args.out, args.ci, args.adjust, names, args.flag_above)
    print(report.accuracy)
    for line in report.flags:
        print(f"flagged: {line}", file=sys.stderr)
    print(f"\nwrote {args.out / 'results.md'}, the tables as CSV and the figures", file=sys.stderr)
    return 0


def _export(paths: list[Path], out: Path, force: bool) -> int:
    from bj_evals.analysis.core.outputs import output_file
    from bj_evals.analysis.judge.export import export_answers
    from bj_evals.analysis.judge.sheet import check_writable
    from bj_evals.analysis.semantic.agreement import export_columns
    from bj_evals.analysis.semantic.answers import semantic_answers

    output_file(out, (".csv", ".xlsx"))
    check_writable(out, force)
    logs = _read(paths, samples=False)
    answers = semantic_answers(logs)
    extra = export_columns(answers) if not answers.empty else None
    rows = export_answers(logs, out, force, extra)
    print(f"wrote {rows} answers to {out}; fill in human_verdict, then: "
          f"bj-evals agreement {' '.join(map(str, paths))} --human {out}", file=sys.stderr)  # fmt: skip
    return 0


def _probe(args: argparse.Namespace) -> int:
    # torch, transformers and scikit-learn load only here
    from bj_evals.analysis.probe.report import run_probe

    report = run_probe(
        args.model, args.source, args.out, device=args.device, dtype=args.dtype,
        folds=args.folds, seed=args.seed,
    )  # fmt: skip
    print(report.markdown)
    print(f"\nwrote {', '.join(str(f) for f in report.files)}", file=sys.stderr)
    return 0


def _agreement(paths: list[Path], human: Path) -> int:
    from bj_evals.analysis.judge.agreement import agreement, read_labels, scales_in
    from bj_evals.analysis.judge.agreement_text import agreement_lines
    from bj_evals.analysis.judge.answers import judged_answers
    from bj_evals.errors import BJEvalsError

    labels = read_labels(human)
    logs = _read(paths, samples=False)  # each answer is read in full by judged_answers
    scales = scales_in(labels)
    if not scales:
        raise BJEvalsError(f"{human}: no human verdict filled in")
    if "answer_hash" not in labels.columns:
        print(
            f"{human}: no answer_hash column: labels are matched by id alone; label the sheet "
            "bj-evals export writes to compare each label with the answer it was given for",
            file=sys.stderr,
        )
    answers = judged_answers(logs)
    for scale in scales:
        if len(scales) > 1:
            print(f"== {'tasks IV-VII' if scale == 'clinical' else 'task VIII'} ==")
        print("\n".join(agreement_lines(agreement(logs, labels, scale, answers))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
