"""What a cell or a file name says beyond its text: a question's task, an image's modality."""

from __future__ import annotations

import re
from typing import cast

from bj_evals.data.schema import ImagingModality
from bj_evals.task_table import MCQ, McqTaskId

MODALITY_WORDS: dict[str, ImagingModality] = {
    "mri": "MRI",
    "mr": "MRI",
    "ct": "CT",
    "xray": "X-ray",
    "x-ray": "X-ray",
    "dr": "X-ray",
    "cr": "X-ray",
    "radiograph": "X-ray",
}


TASK_NUMBERS: dict[str, McqTaskId] = {
    spelling: cast(McqTaskId, task.id)
    for task in MCQ
    for spelling in (str(task.number), task.id.lower())
}
"""How a question table names its task by number: `1` or `i` for task I, and so on."""


TASK_TOPICS: tuple[tuple[str, McqTaskId], ...] = tuple(
    (hint, cast(McqTaskId, task.id)) for task in MCQ for hint in task.file_hints
)


_SPELLINGS = "|".join(sorted(TASK_NUMBERS, key=len, reverse=True))


TASK_NUMBER = re.compile(rf"task[\s_.\-]*({_SPELLINGS})(?![a-z0-9])")


def task_in_name(name: str) -> McqTaskId | None:
    """The task a table's name gives (`task1`, `Task III`, `knowledge`, `notes`...), if just one."""
    lowered = name.lower()
    found = {TASK_NUMBERS[number] for number in TASK_NUMBER.findall(lowered)}
    found |= {task for word, task in TASK_TOPICS if word in lowered}
    return found.pop() if len(found) == 1 else None


def task_in_cell(text: str) -> McqTaskId | None:
    """A Task cell (`I`, `2`, `Task III`, `knowledge recall`...) as the task's paper id."""
    bare = re.sub(r"^task[\s_.\-]*", "", text.strip().lower())
    return TASK_NUMBERS.get(bare) or task_in_name(text)


def modality_in_cell(text: str) -> str | None:
    """A Modality cell (`MRI`, `xray`, `CT`...) in the schema's spelling; other text unchanged."""
    return MODALITY_WORDS.get(text.strip().lower(), text.strip()) or None


def modality_in_name(stem: str) -> ImagingModality | None:
    """The one modality a file name's words name (`K1_2_mri`), or None if none or several."""
    words = re.split(r"[_\-. ]", stem.lower())
    found = {MODALITY_WORDS[word] for word in words if word in MODALITY_WORDS}
    return found.pop() if len(found) == 1 else None


def cell_text(value: object) -> str:
    """A cell as text: empty for a missing cell, one item a line for a list."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return "\n".join(map(str, value)) if isinstance(value, list) else str(value).strip()


def cell_items(value: object, numbered: bool = False) -> list[str]:
    """A list cell: a JSON list, or one item per line (images: also `;`, `,` or `|`)."""
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    parts = re.split(r"\n" if numbered else r"[\n;,|]", cell_text(value))
    if numbered:  # "1. Fracture" -> "Fracture"; "2.5 cm lesion" keeps its number
        parts = [re.sub(r"^\s*\d+[.)](?!\d)\s*", "", part) for part in parts]
    return [part.strip() for part in parts if part.strip()]


def one_of(words: tuple[str, ...]) -> str:
    """`I, II or III`."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else words[0]
