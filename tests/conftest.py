"""Fixtures built in code: a tiny canonical data directory and scripted models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

SITES = ("knee", "shoulder", "hip")


def case_record(case_id: str, site: str, image: str) -> dict[str, Any]:
    return {
        "id": case_id,
        "site": site,
        "disease": f"{site} condition",
        "history": f"History of the {site} patient in case {case_id}.",
        "physical_exam": "Tender joint.",
        "labs": "Normal blood count.",
        "images": [{"path": image, "modality": "X-ray"}],
        "radiology_report": f"Report of the {site} radiograph.",
        "expert_diagnosis": [f"{site} fracture", "osteopenia"],
        "expert_diagnostic_reasoning": f"Reasoning about the {site}.",
        "expert_treatment_plan": f"Plan for the {site}.",
        "expert_treatment_reasoning": f"Why this plan for the {site}.",
    }


def mcq_record(mcq_id: str, task: str, answer: str = "B", **extra: Any) -> dict[str, Any]:
    return {
        "id": mcq_id,
        "task": task,
        "stem": f"Question {mcq_id}?",
        "options": ["one", "two", "three", "four", "five"],
        "answer": answer,
        **extra,
    }


def write_dataset(root: Path, cases: list[dict[str, Any]], mcqs: list[dict[str, Any]]) -> Path:
    """Write records as JSONL and draw every image they reference."""
    root.mkdir(parents=True, exist_ok=True)
    for name, records in (("cases.jsonl", cases), ("mcqs.jsonl", mcqs)):
        lines = [json.dumps(record) for record in records]
        (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths = [image["path"] for case in cases for image in case.get("images", [])]
    paths += [mcq["image"]["path"] for mcq in mcqs if mcq.get("image")]
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        Image.new("L", (40, 30), color=len(path) * 7 % 255).save(root / path)
    return root


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """Two cases at each of three sites, two task-I, one task-II and two task-III questions."""
    cases = [
        case_record(f"{site}-{n}", site, f"images/{site}-{n}.png") for site in SITES for n in (1, 2)
    ]
    mcqs = [
        mcq_record("kr-1", "I", "A"),
        mcq_record("kr-2", "I", "C", site="hip"),
        mcq_record("ni-1", "II", "E"),
        mcq_record(
            "ii-1",
            "III",
            "D",
            site="knee",
            case_id="knee-1",
            image={"path": "images/knee-1.png", "modality": "X-ray"},
        ),
        mcq_record(
            "ii-2",
            "III",
            "B",
            site="hip",
            case_id="hip-2",
            image={"path": "images/hip-2.png", "modality": "X-ray"},
        ),
    ]
    return write_dataset(tmp_path / "data", cases, mcqs)


@pytest.fixture(autouse=True)
def isolated_inspect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep caches and logs out of the user's folders; never use a key or the hub."""
    monkeypatch.setenv("INSPECT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BJ_EVALS_CACHE", str(tmp_path / "bj-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("INSPECT_LOG_DIR", str(tmp_path / "logs"))
    for key in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "INSPECT_EVAL_MODEL"):
        monkeypatch.delenv(key, raising=False)
    yield
