"""The shape of the package: one task table, layers that point one way, short modules."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import yaml

import bj_evals
from bj_evals.importing.sources import load_source
from bj_evals.task_table import TASK_IDS, TASKS
from bj_evals.tasks.contamination import PROBES

PACKAGE = Path(bj_evals.__file__).parent
TABLE = PACKAGE / "task_table.py"

NOT_TASK_IDS = {"data/image_display.py": {"I"}}
"""Strings that are not paper-task ids: Pillow's image mode "I" (32-bit integer pixels)."""

MANIFEST = Path(__file__).parents[1] / "tools" / "demo_images" / "manifest.json"

MAX_LINES = 250

LAYERS = ["errors", "running", "prompts", "prompt_variants", "task_table", "data", "importing", "scorers",
          "solvers", "tasks", "providers", "analysis", "cli"]  # fmt: skip
"""Each part may import only the parts before it (`__init__` and `_registry` gather all)."""


def modules() -> Iterator[Path]:
    yield from sorted(PACKAGE.rglob("*.py"))


def part(module: str) -> str | None:
    """The layer a `bj_evals.<...>` module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "bj_evals" else None


def imported(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_paper_task_ids_are_written_only_in_the_task_table() -> None:
    found = []
    for path in modules():
        relative = path.relative_to(PACKAGE).as_posix()
        if path == TABLE:
            continue
        allowed = NOT_TASK_IDS.get(relative, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in set(TASK_IDS) - allowed:
                found.append(f"{relative}:{node.lineno}: {node.value!r}")
    assert found == []


def test_every_layer_imports_only_the_layers_below_it() -> None:
    upward = []
    for path in modules():
        relative = path.relative_to(PACKAGE)
        own = relative.parts[0].removesuffix(".py")
        if own in ("__init__", "_registry"):
            continue
        for module in imported(path):
            other = part(module)
            if other is None or other == own:
                continue
            if LAYERS.index(other) > LAYERS.index(own):
                upward.append(f"{relative}: imports {module}")
    assert upward == []


def test_no_module_is_longer_than_a_reader_takes_in() -> None:
    long = {
        path.relative_to(PACKAGE).as_posix(): lines
        for path in modules()
        if path != TABLE
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_installed_package_holds_no_drawing_code_but_the_drawn_images() -> None:
    assert not any("demo_images" in path.as_posix() for path in modules())
    assert not any(module.startswith("tools") for path in modules() for module in imported(path))
    drawn = json.loads(MANIFEST.read_text(encoding="utf-8"))["sha256"]
    assert sorted(drawn) == sorted(p.name for p in (PACKAGE / "data/demo/images").glob("*.png"))


def test_eval_yaml_lists_every_task_of_the_table_with_the_papers_count() -> None:
    meta = yaml.safe_load((PACKAGE / "eval.yaml").read_text(encoding="utf-8"))
    listed = [(t["name"], t["dataset_samples"]) for t in meta["tasks"]]
    assert listed[: len(TASKS)] == [(task.name, task.paper_n) for task in TASKS]
    assert [name for name, _ in listed[len(TASKS) :]] == [probe.name for probe in PROBES]
    assert sorted(bj_evals.__all__) == sorted([*(t.name for t in TASKS), *(p.name for p in PROBES)])


def test_eval_yaml_counts_each_probe_over_the_papers_items_and_the_demo_control() -> None:
    meta = yaml.safe_load((PACKAGE / "eval.yaml").read_text(encoding="utf-8"))
    listed = {t["name"]: t["dataset_samples"] for t in meta["tasks"]}
    demo = load_source("demo")
    text_questions = [t for t in TASKS if t.family == "mcq" and not t.image_only]
    questions = sum(t.paper_n for t in text_questions)
    questions += sum(len(demo.mcqs_for(t.id)) for t in text_questions)
    cases = next(t.paper_n for t in TASKS if t.family == "case") + len(demo.cases)
    assert listed["option_guessing"] == questions
    assert listed["case_completion"] == cases


ANALYSIS = PACKAGE / "analysis"
SECTIONS_MAY_IMPORT = {"core", "paper"}
"""A report section builds on the shared core and on the paper's tables and tests alone."""


def test_each_report_section_is_a_subpackage_over_the_shared_core() -> None:
    loose = sorted(p.name for p in ANALYSIS.glob("*.py") if p.stem not in ("__init__", "report"))
    assert loose == []
    crossing = []
    for path in ANALYSIS.rglob("*.py"):
        section = path.relative_to(ANALYSIS).parts[0]
        if section in ("__init__.py", "report.py"):
            continue
        for module in imported(path):
            parts = module.split(".")
            if parts[:2] != ["bj_evals", "analysis"] or len(parts) < 3:
                continue
            allowed = {"core"} if section == "core" else SECTIONS_MAY_IMPORT | {section}
            if parts[2] not in allowed:
                crossing.append(f"{path.relative_to(ANALYSIS)}: imports {module}")
    assert crossing == []
