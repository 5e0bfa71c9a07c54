"""`bj-evals agreement`'s printout: the kappas, the confusion matrix, and every label not scored."""

from __future__ import annotations

from bj_evals.analysis.judge.agreement import Agreement
from bj_evals.analysis.judge.labels import UNKNOWN

FLEISS_OVER = {
    "repeats": "Fleiss' kappa among the judge's repeats",
    "graders": "Fleiss' kappa among the panel's graders (each grader's majority)",
}


def agreement_lines(result: Agreement) -> list[str]:
    """The lines `bj-evals agreement` prints for one verdict scale."""
    lines = [f"items compared: {result.n}"]
    lines += [
        f"of which {n} in {file}, the labelled run, which a later run of it superseded"
        for file, n in result.superseded.items()
    ]
    if result.cohen_kappa is None:
        kappa = f"undefined: {result.kappa_note}"
    else:
        interval = (
            f" (95% CI {result.kappa_low:.3f} to {result.kappa_high:.3f})"
            if result.kappa_low is not None and result.kappa_high is not None
            else ""
        )
        note = f"; {result.kappa_note}" if result.kappa_note else ""
        kappa = f"{result.cohen_kappa:.3f}{interval}{note}"
    lines.append(f"Cohen's kappa (judge majority vs human): {kappa}")
    lines.append(f"percent agreement: {result.percent_agreement:.1%}")
    fleiss = "undefined" if result.fleiss_kappa is None else f"{result.fleiss_kappa:.3f}"
    note = f" ({result.fleiss_note})" if result.fleiss_note else ""
    lines.append(f"{FLEISS_OVER[result.fleiss_raters]}: {fleiss}{note}")
    lines.append(result.confusion.to_string())
    aside = {reason: labels for reason, labels in result.set_aside.items() if labels}
    if aside:
        counts = ", ".join(f"{reason} {len(labels)}" for reason, labels in aside.items())
        lines.append(f"labels set aside, not compared: {sum(map(len, aside.values()))} ({counts})")
    for reason, labels in aside.items():
        shown = "label without a judged sample" if reason == UNKNOWN else f"set aside ({reason})"
        lines += [f"{shown}: {label}" for label in labels]
    lines += [
        f"label on a sample no grader call gave a verdict on: {label}" for label in result.unjudged
    ]
    return lines
