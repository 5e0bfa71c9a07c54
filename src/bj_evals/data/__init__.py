"""The canonical data: validated records, their images, and the bundled demo set."""

from pathlib import Path

DEMO_DIR = Path(__file__).parent / "demo"
"""The bundled demo set (`-T source=demo`), in the canonical format."""
