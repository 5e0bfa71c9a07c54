"""Which of the paper's tasks a data directory can run, said in one line by `bj-evals validate`."""

from __future__ import annotations

from bj_evals.data.records import CASES_FILE, Benchmark
from bj_evals.task_table import CASES, MCQ, TASKS


def coverage_note(benchmark: Benchmark) -> str | None:
    """One line naming the tasks `benchmark` can run, when it cannot run all eight; else None."""
    cannot: dict[str, str] = {}
    for task in MCQ:
        if not benchmark.mcqs_for(task.id):
            cannot[task.id] = f"no task {task.id} questions"
    for task in TASKS:
        if task.family == "mcq":
            continue
        if not benchmark.cases:
            cannot[task.id] = "no cases"
        elif task.reference and (missing := _missing_in(benchmark, task.reference)):
            cannot[task.id] = f"{task.reference} {missing}"
    reports = _missing_in(benchmark, "radiology_report") if benchmark.cases else ""
    if not cannot and not reports:
        return None
    runnable = ", ".join(task.id for task in TASKS if task.id not in cannot)
    note = f"{benchmark.root}: can run {f'tasks {runnable}' if runnable else 'no task'}"
    if cannot:
        note += "; " + ", ".join(f"not {task} ({why})" for task, why in cannot.items())
    if reports and any(task.id not in cannot for task in CASES):
        case_ids = f"{CASES[0].id}-{CASES[-1].id}"
        note += f"; {case_ids} only with images (radiology_report {reports})"
    return note


def _missing_in(benchmark: Benchmark, field: str) -> str:
    """`missing in 2 of 16 cases, first at cases.jsonl:4`, or "" when every case has it."""
    missing = benchmark.missing(field)
    if not missing:
        return ""
    first = benchmark.case_row(missing[0])
    return (
        f"missing in {len(missing)} of {len(benchmark.cases)} cases, first at {CASES_FILE}:{first}"
    )
