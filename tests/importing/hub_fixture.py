"""A directory shaped like the published snapshot: site-named image folders plus tables."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pandas as pd
from PIL import Image

from bj_evals.data.records import Benchmark
from bj_evals.data.schema import SITES

FOLDERS = {site: f"{n}{site}" for n, site in enumerate(sorted(SITES))}  # 0ankle, 1elbow, ...


def hub_name(case_id: str, modality: str, n: int) -> str:
    return f"{case_id}_{n}_{modality.lower().replace('-', '')}.png"


def write_hub_layout(root: Path, benchmark: Benchmark) -> Path:
    """Export `benchmark` as site folders, a cases workbook and a questions CSV."""
    renamed: dict[str, str] = {}
    for case in benchmark.cases:
        for n, image in enumerate(case.images, 1):
            target = root / FOLDERS[case.site] / hub_name(case.id, image.modality, n)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(benchmark.image_path(image), target)
            renamed[image.path] = target.name
    pd.DataFrame(
        [
            {
                "Case ID": case.id,
                "Site": FOLDERS[case.site],
                "Disease": case.disease,
                "History": case.history,
                "Physical Examination": case.physical_exam,
                "Laboratory Tests": case.labs,
                "Radiology Report": case.radiology_report,
                "Diagnosis": "\n".join(
                    f"{n}. {d}" for n, d in enumerate(case.expert_diagnosis or [], 1)
                ),
                "Diagnostic Reasoning": case.expert_diagnostic_reasoning,
                "Treatment Plan": case.expert_treatment_plan,
                "Treatment Reasoning": case.expert_treatment_reasoning,
            }
            for case in benchmark.cases
        ]
    ).to_excel(root / "cases.xlsx", index=False)
    pd.DataFrame(
        [
            {
                "ID": mcq.id,
                "Task": f"Task {mcq.task}",
                "Question": mcq.stem,
                **dict(zip("ABCDE", mcq.options, strict=True)),
                "Answer": mcq.answer,
                "Image": renamed[mcq.image.path] if mcq.image else "",
                "Site": mcq.site or "",
                "Case ID": mcq.case_id or "",
            }
            for mcq in benchmark.mcqs
        ]
    ).to_csv(root / "questions.csv", index=False)
    return root


def case_row(case_id: str, site: str = "knee", **columns: str) -> dict[str, str]:
    """One row of a cases spreadsheet, in the column names a hospital export might use."""
    return {
        "Case ID": case_id,
        "Site": site,
        "Disease": f"{site} injury",
        "History": f"History of case {case_id}.",
        "Physical Examination": "Swollen and tender.",
        "Laboratory Tests": "Normal blood count.",
        "Radiology Report": f"Report for case {case_id}.",
        "Diagnosis": "1. Fracture\n2. Osteopenia",
        "Diagnostic Reasoning": "Pain and a visible fracture line.",
        "Treatment Plan": "Immobilise and review.",
        "Treatment Reasoning": "The fracture is undisplaced.",
    } | columns


def question_row(question_id: str, answer: str = "B", **columns: str) -> dict[str, str]:
    """One row of a questions spreadsheet: five options, an answer, no task column."""
    return {
        "ID": question_id,
        "Question": f"Question {question_id}?",
        **{letter: f"option {letter} of {question_id}" for letter in "ABCDE"},
        "Answer": answer,
    } | columns


def write_table(path: Path, rows: list[dict[str, str]] | dict[str, list[dict[str, str]]]) -> Path:
    """Rows as a CSV file, or sheets of rows as a workbook (`.xlsx`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(rows, dict):
        with pd.ExcelWriter(path) as workbook:
            for sheet, sheet_rows in rows.items():
                pd.DataFrame(sheet_rows).to_excel(workbook, sheet_name=sheet, index=False)
    elif path.suffix == ".xlsx":
        pd.DataFrame(rows).to_excel(path, index=False)
    else:
        pd.DataFrame(rows).to_csv(path, index=False)
    return path


def draw(path: Path, shade: int = 90) -> Path:
    """A small valid PNG at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (36, 28), color=shade).save(path)
    return path


def link_like_the_hub_cache(snapshot: Path) -> Path:
    """Move every file to `../../blobs/` and leave a relative symlink, as huggingface_hub does."""
    blobs = snapshot.parents[1] / "blobs"
    blobs.mkdir(exist_ok=True)
    for path in sorted(p for p in snapshot.rglob("*") if p.is_file()):
        blob = blobs / hashlib.sha256(path.read_bytes()).hexdigest()
        shutil.move(path, blob)
        path.symlink_to(os.path.relpath(blob, path.parent))
    return snapshot
