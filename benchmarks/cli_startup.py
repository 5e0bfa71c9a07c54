"""How long `bj-evals --help` and `--version` take, each in a fresh process, as a user types them.

Also times bare Python and `import inspect_ai` for scale: the command answers before
Inspect, pandas, scipy or matplotlib are imported (they load inside the verbs).

    python benchmarks/cli_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seconds(command: list[str]) -> float:
    """Wall time of one run of `command` in a fresh process."""
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    """Time each command `--runs` times and print the median, the fastest and the slowest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    python = sys.executable
    script = Path(python).with_name("bj-evals")
    commands = {
        "bj-evals --help (console script)": [str(script), "--help"],
        "bj-evals --help": [python, "-m", "bj_evals.cli", "--help"],
        "bj-evals --version": [python, "-m", "bj_evals.cli", "--version"],
        "bj-evals report --help": [python, "-m", "bj_evals.cli", "report", "--help"],
        "python -c pass (floor)": [python, "-c", "pass"],
        "python -c 'import inspect_ai' (for scale)": [python, "-c", "import inspect_ai"],
    }
    if not script.exists():
        del commands["bj-evals --help (console script)"]
    print("| command | median | min | max | runs |\n| --- | ---: | ---: | ---: | ---: |")
    for name, command in commands.items():
        times = [seconds(command) for _ in range(args.runs)]
        print(
            f"| {name} | {statistics.median(times):.3f} s | {min(times):.3f} s | "
            f"{max(times):.3f} s | {args.runs} |"
        )


if __name__ == "__main__":
    main()
