"""Render image specs and write them as optimised 8-bit grayscale PNGs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import PIL
from PIL import Image, ImageOps

from tools.demo_images import (
    ankle,
    elbow,
    hip_views,
    knee,
    knee_sagittal,
    shoulder,
    shoulder_mri,
    spine_views,
    wrist_lateral,
    wrist_pa,
)
from tools.demo_images.canvas import Canvas
from tools.demo_images.marker import add_marker
from tools.demo_images.palette import PALETTES
from tools.demo_images.specs import SPECS, ImageSpec, Site, View

Drawer = Callable[[Canvas, str], None]

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT_DIR = ROOT / "src" / "bj_evals" / "data" / "demo" / "images"
MANIFEST = Path(__file__).resolve().parent / "manifest.json"
"""The Pillow version the bundled images were drawn with, and each image's SHA-256."""
FRONTAL_VIEWS: frozenset[View] = frozenset({"ap", "pa", "cor"})

DRAWERS: dict[tuple[Site, View], Drawer] = {
    ("knee", "ap"): knee.draw_frontal,
    ("knee", "cor"): knee.draw_frontal,
    ("knee", "lat"): knee_sagittal.draw_lateral,
    ("knee", "sag"): knee_sagittal.draw_sagittal,
    ("hip", "ap"): hip_views.draw_xray,
    ("hip", "cor"): hip_views.draw_mri,
    ("shoulder", "ap"): shoulder.draw_xray,
    ("shoulder", "cor"): shoulder_mri.draw_mri,
    ("ankle", "ap"): ankle.draw_mortise,
    ("ankle", "sag"): ankle.draw_sagittal,
    ("elbow", "lat"): elbow.draw_lateral,
    ("elbow", "ap"): elbow.draw_ap,
    ("wrist", "pa"): wrist_pa.draw_pa,
    ("wrist", "lat"): wrist_lateral.draw_lateral,
    ("spine", "lat"): spine_views.draw_xray,
    ("spine", "sag"): spine_views.draw_mri,
}


def render(spec: ImageSpec) -> Image.Image:
    """Draw one image: anatomy and finding, modality finish, orientation and side marker."""
    canvas = Canvas(spec.width, spec.height, PALETTES[spec.modality], seed=spec.name)
    DRAWERS[(spec.site, spec.view)](canvas, spec.finding)
    img = canvas.finish()
    if spec.side == "L" and spec.view in FRONTAL_VIEWS:
        img = ImageOps.mirror(img)
    return add_marker(img, spec.side)


def write_all(out_dir: Path, specs: tuple[ImageSpec, ...] = SPECS) -> list[Path]:
    """Render every spec into `out_dir` (created if needed); return the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for spec in specs:
        path = out_dir / spec.name
        render(spec).save(path, format="PNG", optimize=True)
        paths.append(path)
    return paths


def manifest(paths: list[Path]) -> dict[str, object]:
    """The Pillow version in use and the SHA-256 of each file, by name."""
    digests = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    return {"pillow": PIL.__version__, "sha256": dict(sorted(digests.items()))}


def write_manifest(paths: list[Path], to: Path = MANIFEST) -> None:
    """Record what was drawn, and with which Pillow: the redraw check needs the same one."""
    to.write_text(json.dumps(manifest(paths), indent=2) + "\n", encoding="utf-8")
