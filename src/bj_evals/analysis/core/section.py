"""What a report section hands back to `report.py`: its Markdown, the files and figures it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Section:
    """A section's Markdown (empty when its logs hold nothing for it), its files and figures."""

    markdown: str = ""
    files: list[Path] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
