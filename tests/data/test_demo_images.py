"""The bundled demo images: what the drawing tool made, every one used, none too large."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import PIL
import pytest
from PIL import Image, ImageChops

from bj_evals.data import DEMO_DIR
from bj_evals.data.records import load_benchmark
from tools.demo_images.build import MANIFEST, write_all

RECORDED = json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_the_bundled_images_are_the_ones_the_drawing_tool_recorded() -> None:
    bundled = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (DEMO_DIR / "images").glob("*.png")
    }
    assert bundled == RECORDED["sha256"]


def test_every_demo_image_is_used_and_small() -> None:
    demo = load_benchmark(DEMO_DIR)
    used = {image.path for case in demo.cases for image in case.images}
    files = {f"images/{path.name}" for path in (DEMO_DIR / "images").glob("*.png")}
    assert used == files
    assert all((DEMO_DIR / path).stat().st_size < 200_000 for path in files)


@pytest.mark.slow
@pytest.mark.skipif(
    PIL.__version__ != RECORDED["pillow"],
    reason=f"the images were drawn with Pillow {RECORDED['pillow']}, whose filters this redraw "
    f"must match pixel for pixel; Pillow {PIL.__version__} is installed",
)
def test_the_drawing_tool_redraws_the_bundled_images_pixel_for_pixel(tmp_path: Path) -> None:
    drawn = write_all(tmp_path)
    bundled = sorted((DEMO_DIR / "images").glob("*.png"))
    assert sorted(path.name for path in drawn) == [path.name for path in bundled]
    for path in bundled:
        with Image.open(path) as original, Image.open(tmp_path / path.name) as redrawn:
            assert original.mode == redrawn.mode == "L"
            assert original.size == redrawn.size
            assert ImageChops.difference(original, redrawn).getbbox() is None, path.name
