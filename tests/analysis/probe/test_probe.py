"""Linear probes of image embeddings: they find a label the embeddings carry, and nothing else."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bj_evals.analysis.probe.fit import fit_probes
from bj_evals.cli import main

pytest.importorskip("sklearn")

SITES = ("knee", "hip", "shoulder")


def cases(n: int, images: int = 2, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """`n` cases of `images` images each, their site and modality drawn at random."""
    rng = np.random.default_rng(seed)
    site = rng.choice(SITES, n)
    modality = rng.choice(["X-ray", "MRI"], n)
    rows = [
        {"case": f"c{c}", "site": site[c], "modality": modality[c], "disease": f"d{c}"}
        for c in range(n)
        for _ in range(images)
    ]
    frame = pd.DataFrame(rows)
    return frame[["site", "modality", "disease"]], frame["case"]


@pytest.mark.slow  # cross-validated fits
def test_a_probe_finds_the_label_the_embeddings_carry() -> None:
    labels, groups = cases(30)
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(len(labels), 16))
    matrix[:, :3] += 3 * (labels["site"].to_numpy()[:, None] == np.array(SITES))  # site, one-hot

    found = fit_probes(matrix, labels, groups).set_index("target")

    site = found.loc["site"]
    assert site["balanced_accuracy"] > 0.9 and site["low"] > site["baseline_high"]
    assert site["difference_low"] > 0
    assert site["baseline"] == pytest.approx(1 / 3, abs=0.1)  # the majority class: chance
    modality = found.loc["modality"]  # not in the embeddings
    assert modality["difference_low"] <= 0 <= modality["difference_high"]
    assert found.loc["disease", "note"].startswith("fewer than two classes")


@pytest.mark.slow  # cross-validated fits
def test_folds_keep_each_case_whole_so_a_probe_cannot_recognise_the_case() -> None:
    # each case's images share a dimension of their own, and the label is random per case: a
    # probe that saw the case in training would recall its label; grouped folds never let it
    labels, groups = cases(24, images=3, seed=2)
    case_index = groups.str[1:].astype(int).to_numpy()
    matrix = np.eye(24)[case_index] * 5 + np.random.default_rng(3).normal(size=(72, 24)) * 0.01

    site = fit_probes(matrix, labels, groups).set_index("target").loc["site"]

    assert site["difference_low"] <= 0 and site["balanced_accuracy"] < 0.6


def test_a_probe_on_anything_but_a_local_model_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["probe", "openai/gpt-4o", "--source", "demo"]) == 1
    assert "give hfvlm/<hub id or directory>" in capsys.readouterr().err
