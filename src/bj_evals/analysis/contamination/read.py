"""The contamination probes' logs as one table: a row per item asked, published or control.

Of several runs of one probe by one model on the same source, control and seed, the
latest is used. A sample without a score (Inspect's `sample.error`) is kept as errored
and left out of every rate and mean.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from inspect_ai.log import EvalSampleSummary, read_eval_log, read_eval_log_sample_summaries

SCORED, ERRORED = "scored", "errored"
COLUMNS = ["probe", "model", "log", "source", "control", "seed", "probe_set", "id", "item_id",
           "status", "match", "exact", "rouge_l", "answer", "target", "error"]  # fmt: skip


def probe_samples(files: list[str]) -> pd.DataFrame:
    """Every sample of the latest run of each probe configuration in `files`."""
    latest: dict[tuple[str, ...], tuple[str, dict[str, Any]]] = {}
    for file in files:
        header = read_eval_log(file, header_only=True)
        meta = header.eval.metadata or {}
        run = {
            "probe": str(meta["bj_probe"]),
            "model": header.eval.model,
            "log": file,
            "source": str(meta.get("data_dir", "")),
            "control": str(meta.get("control_dir", "")),
            "seed": meta.get("seed", 0),
            "created": header.eval.created,
        }
        key = (run["probe"], run["model"], run["source"], run["control"], str(run["seed"]))
        if key not in latest or latest[key][1]["created"] <= run["created"]:
            latest[key] = (file, run)
    rows = [
        _row(run, summary)
        for file, run in latest.values()
        for summary in read_eval_log_sample_summaries(file)
    ]
    frame: pd.DataFrame = pd.DataFrame(rows, columns=COLUMNS)
    return frame


def _row(run: dict[str, Any], summary: EvalSampleSummary) -> dict[str, Any]:
    metadata = summary.metadata or {}
    row = {key: run[key] for key in ("probe", "model", "log", "source", "control", "seed")}
    row |= {
        "probe_set": metadata.get("probe_set", ""),
        "id": str(summary.id),
        "item_id": str(metadata.get("item_id", summary.id)),
        "target": str(summary.target),
    }
    if not summary.scores:
        return row | {
            "status": ERRORED,
            "error": " ".join(str(summary.error or "no score").split()),
        }
    [score] = summary.scores.values()
    value = score.value if isinstance(score.value, dict) else {}
    return row | {
        "status": SCORED,
        "match": int(value.get("match", 0)),
        "exact": int(value.get("exact", 0)),
        "rouge_l": float(value.get("rouge_l", 0.0)),
        "answer": score.answer or "",
        "error": None,
    }
