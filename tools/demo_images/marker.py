"""The side marker: a small bright "R" or "L" drawn from strokes (no font needed)."""

from __future__ import annotations

from typing import Literal

from PIL import Image, ImageDraw

from tools.demo_images.geometry import Poly, arc

Side = Literal["R", "L"]

HEIGHT = 0.055  # letter height as a fraction of the shorter image side
MARGIN = 0.045  # distance from the image edges, same unit
STROKE = 0.16  # stroke width as a fraction of the letter height
LEVEL = 236  # gray level of the marker
DETAIL = 4  # drawing oversampling for smooth strokes

# Strokes in letter units: x and y from 0 to 1 (y down), the letter is 1 unit tall.
_BOWL: Poly = [(0.0, 0.0), (0.3, 0.0), *arc(0.3, 0.25, 0.25, 0.25, -90, 90), (0.0, 0.5)]
STROKES: dict[Side, list[Poly]] = {
    "R": [[(0.0, 0.0), (0.0, 1.0)], _BOWL, [(0.28, 0.5), (0.62, 1.0)]],
    "L": [[(0.0, 0.0), (0.0, 1.0), (0.56, 1.0)]],
}
WIDTH: dict[Side, float] = {"R": 0.62, "L": 0.56}


def add_marker(img: Image.Image, side: Side) -> Image.Image:
    """Return a copy of `img` with the side letter in the upper corner of that side."""
    short = min(img.size)
    height = max(8, round(HEIGHT * short))
    stroke = STROKE * height
    pad = stroke
    box_w = round(WIDTH[side] * height + 2 * pad)
    box_h = round(height + 2 * pad)
    big = Image.new("L", (box_w * DETAIL, box_h * DETAIL), 0)
    draw = ImageDraw.Draw(big)
    for line in STROKES[side]:
        pts = [((pad + x * height) * DETAIL, (pad + y * height) * DETAIL) for x, y in line]
        draw.line(pts, fill=255, width=round(stroke * DETAIL), joint="curve")
    mask = big.reduce(DETAIL)
    margin = round(MARGIN * short)
    left = margin if side == "R" else img.size[0] - margin - box_w
    out = img.copy()
    out.paste(LEVEL, (left, margin, left + box_w, margin + box_h), mask)
    return out
