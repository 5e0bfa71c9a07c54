"""Which runs a report uses: logs grouped by what makes their scores comparable.

Two runs of one task by one model are the same *configuration* when everything that
changes a score's meaning is equal: the imaging, the judge's repeats and grader(s), the
image size, the pairing seed, the epochs, the task version, the data revision, the prompt
variant, the order of the options and the evaluated model's sampling.
Within a configuration the run with more samples wins (a `--limit` smoke test never
replaces a full run), and among equals the latest; every other log is set aside with
the reason. Configurations that differ are separate rows, labelled by what differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog

from bj_evals.analysis.core.revisions import data_key, data_revision, data_source
from bj_evals.task_table import JUDGED as JUDGED_TASKS
from bj_evals.task_table import ids

JUDGED = ids(JUDGED_TASKS)
"""The tasks a grader scores; only for them is the grader part of a configuration."""

DEFAULTS: dict[str, str] = {
    "judge_repeats": "3",
    "image_size": "api",
    "pairing_seed": "0",
    "epochs": "1",
    "prompt_variant": "0",
    "option_order": "fixed",
}
"""The tasks' defaults (the paper's protocol where it has one): a run at another value is
labelled with it."""

ROBUSTNESS = ("prompt_variant", "option_order")
"""Task options read only when off their defaults, so that a run from before they existed
and a default run are one configuration."""

NAMED_WHEN_SET = ("option_seed", "temperature", "top_p")
"""Parts of a configuration that only some runs have; a run that has one is labelled with it."""

SCORE_OPTIONS = ("judge_repeats", "image_size", "pairing_seed")
"""Task options that change what a score means."""

SETUP = (
    "data", "grader", "judge_repeats", "pairing_seed", "epochs", "task_version",
    "prompt_variant", "option_order", "option_seed", "temperature", "top_p",
)  # fmt: skip
"""What must be equal for models to be compared on a task (their imaging and image size
are conditions of the model and may differ, as the paper compared LLMs on reports)."""

DISTINGUISH = ("data", "grader", "task_version")
"""Options named in a label only when two rows of one task and model differ in them."""


@dataclass(frozen=True)
class Run:
    """One finished B&J log: what was run, how, and on which samples."""

    file: str
    task: str
    bj_task: str
    model: str
    created: str
    options: dict[str, str]
    sample_ids: tuple[str, ...]
    dataset_size: int
    limit: str | None = None
    mtime: float = 0.0
    """When the log file was last written (orders runs created in the same second)."""
    source: str = ""
    """Where the data came from: `demo`, `hf` or the directory (`core/revisions.py`)."""
    revision: str = ""
    """The data's revision as the log records it; '' in a log from before revisions."""
    scorers: tuple[str, ...] = ()
    """The scorers whose results the log holds (`bj_evals/semantic` beside the judge)."""

    @property
    def configuration(self) -> tuple[str, ...]:
        """What two runs must share to be one configuration."""
        return (self.bj_task, self.model, *(f"{k}={v}" for k, v in sorted(self.options.items())))

    @property
    def partial(self) -> bool:
        """Whether the run left out samples of its data set (`--limit`, `--sample-id`)."""
        return len(self.sample_ids) < self.dataset_size

    def describe(self) -> str:
        """The run in a few words: file name, time, and its samples."""
        size = f"{len(self.sample_ids)} of {self.dataset_size} samples"
        limit = f", --limit {self.limit}" if self.limit else ""
        return f"{Path(self.file).name} ({self.created[:19]}, {size}{limit})"


@dataclass(frozen=True)
class SetAside:
    """A log the report did not use, and why."""

    file: str
    reason: str
    task: str = ""
    model: str = ""


@dataclass
class Selection:
    """The runs used, with each run's condition label, and the logs set aside."""

    used: list[Run] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    conditions: dict[str, str] = field(default_factory=dict)
    """Per used log file: what sets the run apart (`report, judge_repeats=1`), or ''."""


def run_of(header: EvalLog, file: str, mtime: float = 0.0) -> Run:
    """A finished B&J log header as a `Run`."""
    spec = header.eval
    metadata = spec.metadata or {}
    bj_task = str(metadata["bj_task"])
    args = spec.task_args or {}
    options = {key: str(args[key]) for key in SCORE_OPTIONS if key in args}
    options["imaging"] = str(metadata.get("imaging") or "text")
    if options["imaging"] == "description":
        options["describer"] = str(
            metadata.get("describer") or grader_names(spec.model_roles, "describer")
        )
    options["data"] = data_key(metadata)
    options["task_version"] = str(spec.task_version)
    options["epochs"] = str(spec.config.epochs or 1)
    for key in ROBUSTNESS:
        if str(args.get(key, DEFAULTS[key])) != DEFAULTS[key]:
            options[key] = str(args[key])
    if options.get("option_order") == "shuffle":
        options["option_seed"] = str(args.get("option_seed", 0))
    options |= _sampling(header)
    grader = grader_names(spec.model_roles) if bj_task in JUDGED else ""
    if grader:
        options["grader"] = grader
    ids = tuple(str(i) for i in spec.dataset.sample_ids or ())
    return Run(
        file=file,
        task=spec.task.removeprefix("bj_evals/"),
        bj_task=bj_task,
        model=spec.model,
        created=str(spec.created),
        options=options,
        sample_ids=ids,
        dataset_size=max(spec.dataset.samples or 0, len(ids)),
        limit=None if spec.config.limit is None else str(spec.config.limit),
        mtime=mtime,
        source=data_source(metadata),
        revision=data_revision(metadata),
        scorers=tuple(dict.fromkeys(s.scorer for s in header.results.scores))
        if header.results
        else (),
    )


def _sampling(header: EvalLog) -> dict[str, str]:
    """The evaluated model's temperature and top-p when set: `--temperature` or the task's own."""
    chosen = {}
    for key in ("temperature", "top_p"):
        value = getattr(header.eval.model_generate_config, key)
        if value is None:
            value = getattr(header.plan.config, key)
        if value is not None:
            chosen[key] = str(value)
    return chosen


def grader_names(roles: dict[str, Any] | None, role: str = "grader") -> str:
    """The grader role's model (or another `role`'s), or a panel's models joined by ', '."""
    bound = (roles or {}).get(role)
    if bound is None:
        return ""
    panel = bound if isinstance(bound, list) else [bound]
    return ", ".join(str(getattr(model, "model", model)) for model in panel)


def select_runs(runs: list[Run]) -> Selection:
    """Keep one run per configuration and label configurations that share a task and model."""
    selection = Selection()
    best: dict[tuple[str, ...], Run] = {}
    for run in runs:
        previous = best.get(run.configuration)
        if previous is None:
            best[run.configuration] = run
            continue
        winner, loser = (run, previous) if _rank(run) > _rank(previous) else (previous, run)
        best[run.configuration] = winner
        selection.set_aside.append(
            SetAside(loser.file, _why(loser, winner), loser.task, loser.model)
        )
    selection.used = list(best.values())
    selection.conditions = _conditions(selection.used)
    return selection


def _rank(run: Run) -> tuple[int, str, float]:
    return (len(run.sample_ids), run.created, run.mtime)


def _why(loser: Run, winner: Run) -> str:
    if len(loser.sample_ids) < len(winner.sample_ids):
        return f"partial run of the same configuration; used {winner.describe()}"
    return f"earlier run of the same configuration; used the re-run {winner.describe()}"


def _conditions(used: list[Run]) -> dict[str, str]:
    """Per run: report imaging, options off their defaults, and what tells twin rows apart."""
    rows: dict[tuple[str, str], list[Run]] = {}
    for run in used:
        rows.setdefault((run.bj_task, run.model), []).append(run)
    conditions = {}
    for twins in rows.values():
        differ = [key for key in DISTINGUISH if len({run.options.get(key) for run in twins}) > 1]
        for run in twins:
            word = imaging_word(run.options)
            parts = [word] if word else []
            parts += [
                f"{key}={value}"
                for key, value in run.options.items()
                if (key in DEFAULTS and value != DEFAULTS[key]) or key in NAMED_WHEN_SET
            ]
            parts += [f"{key}={run.options.get(key, '')}" for key in differ]
            conditions[run.file] = ", ".join(parts)
    return conditions


PLAIN_IMAGING = ("image", "text")
"""The paper's conditions (images; text alone for I-II), which a label leaves unsaid."""


def imaging_word(options: dict[str, str]) -> str:
    """How a run's imaging is named in its label: '' for the paper's, else the condition."""
    imaging = options.get("imaging", "")
    if imaging in PLAIN_IMAGING:
        return ""
    if imaging == "description":
        describer = options.get("describer", "")
        short = next((part for part in reversed(describer.split("/")) if part), describer)
        return f"description by {short}"
    return imaging
