"""A directory shaped like the published snapshot: site-named image folders plus tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

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
                "Diagnosis": "\n".join(f"{n}. {d}" for n, d in enumerate(case.expert_diagnosis, 1)),
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
