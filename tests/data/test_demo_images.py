"""The bundled demo images are exactly what the drawing script makes, and every case has them."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops

from bj_evals.data.demo_images.build import write_all
from bj_evals.data.records import load_benchmark
from bj_evals.data.sources import DEMO_DIR


def test_the_script_redraws_the_bundled_images_pixel_for_pixel(tmp_path: Path) -> None:
    drawn = write_all(tmp_path)
    bundled = sorted((DEMO_DIR / "images").glob("*.png"))
    assert sorted(path.name for path in drawn) == [path.name for path in bundled]
    for path in bundled:
        with Image.open(path) as original, Image.open(tmp_path / path.name) as redrawn:
            assert original.mode == redrawn.mode == "L"
            assert original.size == redrawn.size
            assert ImageChops.difference(original, redrawn).getbbox() is None, path.name


def test_every_demo_image_is_used_and_small() -> None:
    demo = load_benchmark(DEMO_DIR)
    used = {image.path for case in demo.cases for image in case.images}
    files = {f"images/{path.name}" for path in (DEMO_DIR / "images").glob("*.png")}
    assert used == files
    assert all((DEMO_DIR / path).stat().st_size < 200_000 for path in files)
