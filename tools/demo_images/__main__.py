"""Command line: `python -m tools.demo_images [OUT_DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tools.demo_images.build import DEFAULT_OUT_DIR, write_all, write_manifest


def main(argv: list[str] | None = None) -> int:
    """Write every demo image into OUT_DIR (by default the package's, with the manifest)."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.demo_images",
        description="Write the synthetic demo images as PNG files.",
    )
    parser.add_argument("out_dir", nargs="?", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)
    paths = write_all(args.out_dir)
    if args.out_dir == DEFAULT_OUT_DIR:
        write_manifest(paths)
    total = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} images ({total} bytes) to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
