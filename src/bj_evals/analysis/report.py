"""`bj-evals report`: results.md, a CSV per table and the figures, from a set of logs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bj_evals.analysis.conditions.section import write_conditions
from bj_evals.analysis.contamination.section import write_contamination
from bj_evals.analysis.core.logs import LogSet
from bj_evals.analysis.core.names import STAND_INS, Names, row_labels
from bj_evals.analysis.core.revisions import revision_notes, shown_revision
from bj_evals.analysis.core.runs import JUDGED
from bj_evals.analysis.core.stats import Interval, accuracy_table, breakdown, with_status
from bj_evals.analysis.judge.failure_figure import write_failure_figure
from bj_evals.analysis.judge.sections import failures_markdown, panel_markdown
from bj_evals.analysis.judge.tables import failure_profile, panel_agreement
from bj_evals.analysis.paper.compare import Comparison, compare_models
from bj_evals.analysis.paper.figures import write_figures
from bj_evals.analysis.paper.sections import (
    ADJUST_NAMES,
    accuracy_markdown,
    breakdown_markdown,
    comparisons_markdown,
    flags,
    runs_markdown,
)
from bj_evals.analysis.robustness.report import robustness_report
from bj_evals.analysis.semantic.section import write_semantic

INTERVAL_NAMES = {
    "wilson": "Wilson score",
    "clopper-pearson": "Clopper-Pearson",
    "agresti-coull": "Agresti-Coull",
}
FLAG_ABOVE = 0.05
"""Rows whose errored samples or failed grader calls exceed this share are flagged."""


@dataclass
class Report:
    """What `write_report` wrote: the accuracy table as Markdown, the flags, the files."""

    accuracy: str
    flags: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        return self.accuracy


def write_report(
    logs: LogSet,
    out: Path,
    ci: Interval = "wilson",
    adjust: str = "bonferroni",
    names: Names | None = None,
    flag_above: float = FLAG_ABOVE,
) -> Report:
    """Write the report into `out`; return its accuracy table, its flags and the files written."""
    out.mkdir(parents=True, exist_ok=True)
    names = names or Names()
    if not logs.runs:
        return _probes_only(logs, out, names)
    samples = with_status(logs.samples)
    samples = samples.assign(label=row_labels(samples, names))
    table = accuracy_table(logs.samples, ci, names)
    comparisons = compare_models(logs.samples, adjust, names)
    profile = failure_profile(logs.samples, names)
    panel = panel_agreement(logs.samples, names)
    by_site = breakdown(logs.samples, "site", names)
    by_disease = breakdown(logs.samples, "disease", names)
    files = _write_tables(out, logs, table, comparisons, profile, panel, by_site, by_disease)
    figures = write_figures(table, samples, out, grader_note(table))
    figures += write_failure_figure(profile, out, grader_note(table))
    image_adds = write_conditions(logs.samples, table, out, adjust, names, grader_note(table))
    robust = robustness_report(logs.samples, out, names, grader_note(table))
    semantic = write_semantic(logs, out, names, grader_note(table))
    probes = write_contamination(logs.probes, out, names)
    warnings = flags(table, flag_above)
    accuracy = accuracy_markdown(table, flag_above)
    counts = samples["status"].value_counts()
    sections = [
        "# B&J results",
        f"{len(table)} rows from {len(logs.runs)} runs: {counts.get('scored', 0)} scored, "
        f"{counts.get('errored', 0)} errored and {counts.get('unscored', 0)} unscored samples. "
        f"Accuracy with {INTERVAL_NAMES[ci]} 95% intervals; models compared over shared cases "
        "(Kruskal-Wallis with Dunn's test, Cochran's Q with McNemar's test), pairwise p-values "
        f"{ADJUST_NAMES[adjust]}.",
    ]
    if warnings:
        flagged = f"## {len(warnings)} flagged (above {flag_above:.0%})"
        sections += [flagged, "\n".join(f"- {line}" for line in warnings)]
    sections += [
        "## Accuracy",
        accuracy,
        "## Differences between models",
        comparisons_markdown(comparisons, adjust, revision_notes(logs.runs)),
        "## Why answers failed",
        failures_markdown(profile),
    ]
    if image_adds.markdown:
        sections += ["## What the image adds", image_adds.markdown]
    if not panel.empty:
        sections += ["## Agreement within the grader panel", panel_markdown(panel)]
    sections += robust.sections
    if semantic.markdown:
        sections += ["## Semantic fidelity", semantic.markdown]
    sections += probes.sections
    sections += [
        "## By anatomical site",
        breakdown_markdown(by_site, ["bj_task", "label"], "site"),
        "## By disease",
        breakdown_markdown(by_disease, ["bj_task", "disease"], "label"),
        "## Figures",
        "\n\n".join(f"![{p.stem}]({p.name}) ({p.stem}.pdf)" for p in figures)
        or "No figure has data.",
        "## Runs",
        runs_markdown(logs),
    ]
    (out / "results.md").write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    written = [out / "results.md", *files, *image_adds.files, *figures, *image_adds.figures]
    written += [*semantic.files, *semantic.figures]
    return Report(accuracy, warnings, [*written, *robust.files, *probes.files])


def _probes_only(logs: LogSet, out: Path, names: Names) -> Report:
    """The report of logs holding contamination probes and none of the paper's tasks."""
    probes = write_contamination(logs.probes, out, names)
    lines = [
        f"# B&J results\n\nNo run of the paper's tasks; {len(logs.probes)} probe runs.",
        *probes.sections,
    ]
    (out / "results.md").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return Report("No run of the paper's tasks.", [], [out / "results.md", *probes.files])


def grader_note(table: pd.DataFrame) -> str:
    """Who graded the judged tasks, and whether it was an offline stand-in."""
    graders = [g for g in dict.fromkeys(table.loc[table["bj_task"].isin(JUDGED), "grader"]) if g]
    if not graders:
        return ""
    stand_in = any(part.startswith(STAND_INS) for g in graders for part in g.split(", "))
    note = f"IV-VIII graded by {'; '.join(graders)}"
    return note + (" (an offline stand-in, not a model)." if stand_in else ".")


def _write_tables(
    out: Path,
    logs: LogSet,
    table: pd.DataFrame,
    comparisons: list[Comparison],
    profile: pd.DataFrame,
    panel: pd.DataFrame,
    by_site: pd.DataFrame,
    by_disease: pd.DataFrame,
) -> list[Path]:
    """Every statistic also as CSV, at full precision."""
    tests = pd.DataFrame(
        [
            {
                "bj_task": c.bj_task, "setup": c.setup, "models": "; ".join(c.models),
                "n_shared": c.n_shared, "kruskal_h": c.statistic, "kruskal_df": c.df,
                "kruskal_n": c.n_total if c.statistic is not None else None,
                "kruskal_p": c.p_value, "epsilon_squared": c.epsilon_squared,
                "cochran_q": c.cochran_q, "cochran_df": len(c.models) - 1 if c.cochran_q is not None else None,
                "cochran_p": c.cochran_p, "note": "; ".join(filter(None, (c.reason, c.cochran_reason))),
            }
            for c in comparisons
        ]
    )  # fmt: skip
    pairs = [
        c.pairwise.assign(bj_task=c.bj_task, setup=c.setup)
        for c in comparisons
        if c.pairwise is not None
    ]
    runs = pd.DataFrame(
        [{"status": "used", "bj_task": r.bj_task, "task": r.task, "model": r.model,
          "condition": logs.conditions.get(r.file, ""), "source": r.source,
          "revision": shown_revision(r), "samples": len(r.sample_ids),
          "dataset_size": r.dataset_size, "created": r.created, "log": r.file, "reason": ""}
         for r in logs.runs]
        + [{"status": "set aside", "task": a.task, "model": a.model, "log": a.file, "reason": a.reason}
           for a in logs.set_aside]
    )  # fmt: skip
    written = {
        "results.csv": table,
        "tests.csv": tests,
        "pairwise.csv": pd.concat(pairs) if pairs else pd.DataFrame(),
        "failure_profile.csv": profile,
        "by_site.csv": by_site,
        "by_disease.csv": by_disease,
        "runs.csv": runs,
    }
    if not panel.empty:
        written["panel_agreement.csv"] = panel
    for name, frame in written.items():
        frame.to_csv(out / name, index=False)
    return [out / name for name in written]
