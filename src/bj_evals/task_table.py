"""The paper's eight tasks: the one table every module reads to learn what a task is.

A row gives the paper's id (the name `bj_task` stands for across the code, the logs'
metadata and the report), the Inspect task name, its family, its unified prompt, the
case field holding the expert reference, whether it is answered from the image alone,
the paper's sample count and the score that carries its headline accuracy. The
`@task` functions are thin wrappers over these rows; adding a task is adding a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from bj_evals.prompt_variants import ALTERNATIVES
from bj_evals.prompts import (
    DIAGNOSIS_PROMPT,
    DIAGNOSTIC_REASONING_PROMPT,
    IMAGE_INTERPRETATION_PROMPT,
    INCONSISTENCY_PROMPT,
    KNOWLEDGE_RECALL_PROMPT,
    NOTE_INTERPRETATION_PROMPT,
    TREATMENT_PLANNING_PROMPT,
    TREATMENT_REASONING_PROMPT,
)

TaskId = Literal["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
McqTaskId = Literal["I", "II", "III"]
CaseTaskId = Literal["IV", "V", "VI", "VII"]

Family = Literal["mcq", "case", "mismatch"]
"""Multiple-choice questions (I-III), open answers on whole cases graded against an expert
reference (IV-VII), or a case shown with another site's image (VIII)."""


@dataclass(frozen=True)
class PaperTask:
    """One task of the B&J paper."""

    id: TaskId
    name: str
    """The Inspect task name (`inspect eval bj_evals/<name>`)."""
    title: str
    """How reports and figures name it."""
    family: Family
    prompt: str
    reference: str | None
    """The case field the judge grades against (IV-VII)."""
    image_only: bool
    """Answered from the image: not applicable to a text-only model."""
    paper_n: int
    headline: str
    """The score key whose accuracy is the task's result."""
    file_hints: tuple[str, ...] = ()
    """Words in a question table's file name that say the task (`bj-evals import`)."""

    @property
    def judged(self) -> bool:
        """Graded by a judge model (IV-VIII), not by the answer's letter."""
        return self.family != "mcq"

    @property
    def prompts(self) -> tuple[str, ...]:
        """The task's wordings by `-T prompt_variant`: 0 the paper's unified prompt, then others."""
        return (self.prompt, *ALTERNATIVES[self.name])

    @property
    def number(self) -> int:
        """The task's position in the paper, 1 for I."""
        return TASKS.index(self) + 1


TASKS: tuple[PaperTask, ...] = (
    PaperTask("I", "knowledge_recall", "Knowledge recall", "mcq", KNOWLEDGE_RECALL_PROMPT,
              None, False, 129, "bj_evals/choice", ("knowledge",)),
    PaperTask("II", "note_interpretation", "Note interpretation", "mcq", NOTE_INTERPRETATION_PROMPT,
              None, False, 101, "bj_evals/choice", ("note", "clinical")),
    PaperTask("III", "image_interpretation", "Image interpretation", "mcq", IMAGE_INTERPRETATION_PROMPT,
              None, True, 203, "bj_evals/choice", ("image", "radiolog")),
    PaperTask("IV", "diagnosis_generation", "Diagnosis", "case", DIAGNOSIS_PROMPT,
              "expert_diagnosis", False, 203, "correct"),
    PaperTask("V", "diagnostic_reasoning", "Diagnostic reasoning", "case", DIAGNOSTIC_REASONING_PROMPT,
              "expert_diagnostic_reasoning", False, 203, "correct"),
    PaperTask("VI", "treatment_planning", "Treatment planning", "case", TREATMENT_PLANNING_PROMPT,
              "expert_treatment_plan", False, 203, "correct"),
    PaperTask("VII", "treatment_reasoning", "Treatment reasoning", "case", TREATMENT_REASONING_PROMPT,
              "expert_treatment_reasoning", False, 203, "correct"),
    PaperTask("VIII", "inconsistency_detection", "Mismatch detection", "mismatch", INCONSISTENCY_PROMPT,
              None, True, 203, "detected"),
)  # fmt: skip

BY_ID: dict[str, PaperTask] = {task.id: task for task in TASKS}
BY_NAME: dict[str, PaperTask] = {task.name: task for task in TASKS}
TASK_IDS: tuple[TaskId, ...] = get_args(TaskId)
"""The paper's order, the order of every report."""

MCQ: tuple[PaperTask, ...] = tuple(task for task in TASKS if task.family == "mcq")
CASES: tuple[PaperTask, ...] = tuple(task for task in TASKS if task.family == "case")
JUDGED: tuple[PaperTask, ...] = tuple(task for task in TASKS if task.judged)
IMAGE_ONLY: tuple[PaperTask, ...] = tuple(task for task in TASKS if task.image_only)
IMAGE_QUESTIONS: PaperTask = next(task for task in MCQ if task.image_only)
"""The multiple-choice task answered from an image: a question with an image belongs to it."""


def paper_task(key: str) -> PaperTask:
    """The row of a paper id (`IV`) or an Inspect task name (`diagnosis_generation`)."""
    task = BY_ID.get(key) or BY_NAME.get(key.removeprefix("bj_evals/"))
    if task is None:
        raise KeyError(f"{key}: not one of the B&J tasks ({', '.join(TASK_IDS)})")
    return task


def ids(tasks: tuple[PaperTask, ...]) -> tuple[str, ...]:
    """The paper ids of `tasks`."""
    return tuple(task.id for task in tasks)
