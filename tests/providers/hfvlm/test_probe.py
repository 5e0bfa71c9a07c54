"""`bj-evals probe` on tiny random-weight models: each architecture's eyes, end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from PIL import Image

from bj_evals.cli import main
from bj_evals.errors import BJEvalsError
from bj_evals.importing.sources import load_source
from bj_evals.providers.hfvlm.embeddings import FEATURES_LAYER, image_embeddings, vision_path
from bj_evals.providers.hfvlm.loading import LoadSpec

pytestmark = pytest.mark.slow  # tiny local models

DEMO = load_source("demo")


@pytest.mark.parametrize("architecture", ["qwen2_vl", "llava", "gemma3"])
def test_every_architecture_gives_one_embedding_per_image_from_its_projector(
    architecture: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(architecture)
    images = [DEMO.image_path(case.images[0]) for case in DEMO.cases[:3]]

    embedded = image_embeddings(LoadSpec(name=str(path), path=str(path)), images)

    assert embedded.matrix.shape == (3, 64)  # the language model's hidden size
    assert np.isfinite(embedded.matrix).all() and embedded.layer == FEATURES_LAYER


def test_a_model_without_a_vision_tower_it_knows_is_named_in_one_line() -> None:
    with pytest.raises(BJEvalsError, match=r"exposes no vision tower bj-evals knows") as raised:
        vision_path(torch.nn.Linear(2, 2), "some/model")
    assert "\n" not in str(raised.value)


def test_a_vision_tower_without_get_image_features_is_found_by_its_name() -> None:
    class Tower(torch.nn.Module):
        def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
            return pixel_values.flatten(2).transpose(1, 2)  # one token per pixel

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.vision_model = Tower()

    encode, layer = vision_path(Model(), "some/model")
    tokens = encode({"pixel_values": torch.ones(1, 3, 2, 2)})
    assert tokens.shape == (1, 4, 3) and "no projector found" in layer


@pytest.mark.parametrize("architecture", ["qwen2_vl", "llava"])
def test_the_probe_writes_its_table_figure_and_embeddings_and_random_eyes_see_nothing(
    architecture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    pytest.importorskip("sklearn")
    path: Path = request.getfixturevalue(architecture)
    out = tmp_path / "probe"

    assert main(["probe", f"hfvlm/{path}", "--source", "demo", "-o", str(out)]) == 0

    table = pd.read_csv(out / "probe.csv").set_index("target")
    for target in ("site", "modality"):
        row = table.loc[target]
        # random weights: the probe is not reliably above the majority-class baseline
        assert row["difference_low"] <= 0 and row["balanced_accuracy"] < 0.75
    assert "fewer than two classes" in table.loc["disease", "note"]  # one case per disease
    assert "| site | 7 |" in (out / "probe.md").read_text(encoding="utf-8")
    with Image.open(out / "probe.png") as figure:
        assert figure.size[0] == pytest.approx(85 / 25.4 * 300, abs=2)
    assert (out / "probe.pdf").is_file()
    with np.load(out / "embeddings.npz") as saved:  # no pickle needed
        images = {image.path for case in DEMO.cases for image in case.images}
        assert saved["embeddings"].shape == (len(images), 64)
        assert sorted(saved["id"]) == sorted(images)
        assert set(saved["site"]) == {case.site for case in DEMO.cases}
        assert str(saved["model"]) == f"hfvlm/{path}" and str(saved["layer"]) == FEATURES_LAYER
