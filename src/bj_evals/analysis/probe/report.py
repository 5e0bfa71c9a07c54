"""`bj-evals probe hfvlm/<model>`: embed every case image with the model's eyes, probe, report.

Writes `probe.md` and `probe.csv` (one row per label probed), `probe.png`/`.pdf` (balanced
accuracy beside the majority-class baseline, with 95% intervals) and `embeddings.npz`
(the matrix, one row per image, with its id, file, case, site, modality and disease, the
model and the layer), which `numpy.load` reads back without pickle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.progress import track

from bj_evals.analysis.core.figure_style import save
from bj_evals.analysis.core.markdown import percent, table
from bj_evals.analysis.core.outputs import output_folder
from bj_evals.analysis.paper.sections import records
from bj_evals.analysis.probe.figure import probe_figure
from bj_evals.analysis.probe.fit import FOLDS, MIN_CASES, RESAMPLES, SEED, TARGETS, fit_probes
from bj_evals.data.image_size import API_SIZE
from bj_evals.data.images import sized_images
from bj_evals.data.records import Benchmark
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source
from bj_evals.providers.hfvlm.embeddings import image_embeddings
from bj_evals.providers.hfvlm.loading import LoadSpec, check_loadable

PROVIDER = "hfvlm/"


@dataclass(frozen=True)
class ProbeReport:
    """The probes' table and the files written."""

    table: pd.DataFrame
    markdown: str
    files: list[Path]


def case_images(benchmark: Benchmark) -> pd.DataFrame:
    """Each image of the cases once, with its case and labels (the first case naming it)."""
    rows: dict[str, dict[str, str]] = {}
    for case in benchmark.cases:
        for image in case.images:
            rows.setdefault(image.path, {"id": image.path, "case_id": case.id, "site": case.site,
                                         "modality": image.modality, "disease": case.disease,
                                         "file": str(benchmark.image_path(image))})  # fmt: skip
    frame: pd.DataFrame = pd.DataFrame(list(rows.values()))
    return frame


def run_probe(
    model: str,
    source: str,
    out: Path,
    *,
    device: str = "auto",
    dtype: str = "auto",
    folds: int = FOLDS,
    seed: int = SEED,
) -> ProbeReport:
    """Embed, probe and write the report for the local model `hfvlm/<name>`."""
    if not model.startswith(PROVIDER) or model == PROVIDER:
        raise BJEvalsError(
            f"{model}: the probe reads a local model's vision encoder; give hfvlm/<hub id or directory>"
        )
    name = model.removeprefix(PROVIDER)
    spec = LoadSpec(name=name, path=name, device=device, dtype=dtype)
    images = case_images(load_source(source))
    if images.empty:
        raise BJEvalsError(f"--source {source}: no case images to probe")
    cases = images["case_id"].nunique()
    if not 2 <= folds <= cases:
        raise BJEvalsError(
            f"--folds {folds}: folds are grouped by case and {source} has {cases} cases with "
            f"images; use 2 to {cases}"
        )
    output_folder(out, "-o")
    check_loadable(spec)
    files = [Path(file) for file in images["file"]]
    sized = sized_images(files, API_SIZE)  # what hfvlm/ receives under -T image_size=api
    embedded = image_embeddings(
        spec, [sized[file] for file in files], progress=lambda paths: _bar(list(paths))
    )
    found = fit_probes(embedded.matrix, images[list(TARGETS)], images["case_id"], folds, seed)
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {key: np.asarray(images[key].astype(str).tolist(), dtype=str) for key in ("id", "case_id", *TARGETS)}  # fmt: skip
    arrays |= {"embeddings": embedded.matrix, "model": model, "layer": embedded.layer}
    np.savez_compressed(out / "embeddings.npz", source=source, **arrays)
    found.to_csv(out / "probe.csv", index=False)
    markdown = probe_markdown(found, model, embedded.layer, len(images), source)
    (out / "probe.md").write_text(markdown + "\n", encoding="utf-8")
    figures = save(probe_figure(found, model), out, "probe")
    return ProbeReport(found, markdown, [out / "probe.md", out / "probe.csv", *figures, out / "embeddings.npz"])  # fmt: skip


def probe_markdown(found: pd.DataFrame, model: str, layer: str, images: int, source: str) -> str:
    """The probes' table, with how it was computed."""
    header = ["label", "classes", "images", "cases", "folds", "balanced accuracy", "95% CI",
              "baseline", "baseline 95% CI", "difference (points)", "95% CI", "left out"]  # fmt: skip
    rows = []
    for row in records(found):
        if row.get("note"):
            rows.append([row["target"], row["classes"], "", "", "", row["note"], "", "", "", "", "", row["left_out"]])  # fmt: skip
            continue
        rows.append([
            row["target"], row["classes"], int(row["images"]), int(row["cases"]), int(row["folds"]),
            percent(row["balanced_accuracy"]), f"{percent(row['low'])}-{percent(row['high'])}",
            percent(row["baseline"]), f"{percent(row['baseline_low'])}-{percent(row['baseline_high'])}",
            f"{100 * row['difference']:+.1f}",
            f"{100 * row['difference_low']:+.1f} to {100 * row['difference_high']:+.1f}", row["left_out"],
        ])  # fmt: skip
    return "\n\n".join(
        [
            f"# What the vision encoder of {model} sees",
            f"{images} case images of `{source}`, sized as `hfvlm/` receives them (`-T image_size=api`). "
            f"Embedding: {layer}; the mean over each image's tokens.",
            table(header, rows, right=(1, 2, 3, 4, 5, 7, 9)),
            "Balanced accuracy of a cross-validated logistic regression (standardised features, "
            "balanced class weights) whose folds are grouped by case (StratifiedGroupKFold), against "
            "the majority-class baseline fitted in the same folds (its balanced accuracy is chance, "
            f"1 / classes). 95% intervals: percentile bootstrap over cases ({RESAMPLES} resamples, "
            "a case resampled with all its images; the difference is paired). Only classes shared "
            f"by at least {MIN_CASES} cases are probed; `left out` names the others with their "
            "number of cases. A probe above its baseline, with the difference's interval above 0, "
            "means the encoder's embedding carries the label linearly.",
        ]
    )


def _bar(paths: list[Path]) -> Iterable[Path]:
    """The images, with a progress bar on stderr (stdout carries the table)."""
    return track(paths, description="Embedding images", console=Console(stderr=True))
