"""Full-size B&J runs against bare Inspect: wall time, peak memory, log size and calls.

Generates the full-size synthetic set (benchmarks/synthetic.py), then runs, each in a
fresh process so that peak memory is its own, with scripted offline models:

- bare Inspect, images logged: the same samples with the original images as file
  references, plain generate() and a three-call judge (Inspect's defaults);
- bare Inspect with log_images=False (no radiograph in `inspect view`);
- bj-evals: the eight tasks as shipped (images sized once, logged);
- the judge alone on task IV at a simulated grader latency: 3 repeats, 1 repeat, and
  a re-score of the finished log from Inspect's cache;
- `bj-evals report` over the bj-evals logs.

    python benchmarks/full_scale.py [--quick] [--latency 0] [--grader-latency 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from inspect_ai import Task, eval, score
from inspect_ai.dataset import MemoryDataset
from inspect_ai.log import read_eval_log
from inspect_ai.model import (
    ChatMessage,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    ModelUsage,
    get_model,
    modelapi,
)
from inspect_ai.scorer import Score, Scorer, Target, choice, mean, scorer
from inspect_ai.solver import TaskState, generate, multiple_choice, prompt_template
from inspect_ai.tool import ToolChoice, ToolInfo
from synthetic import make_dataset

import bj_evals
from bj_evals import prompts
from bj_evals.data.records import load_benchmark
from bj_evals.scorers.clinical import clinical_judge
from bj_evals.task_table import TASKS, CaseTaskId, McqTaskId, paper_task
from bj_evals.tasks.dataset import case_samples, inconsistency_samples, mcq_samples

MCQ_TASKS: tuple[McqTaskId, ...] = ("I", "II", "III")
CALLS: Counter[str] = Counter()
LATENCY: dict[str, float] = {"model": 0.0, "grader": 0.0}


@modelapi(name="scripted")
def scripted() -> type[ModelAPI]:
    """Register the scripted offline model used for every run."""
    return Scripted


class Scripted(ModelAPI):
    """Answers instantly (or after a simulated latency); graders submit Correct."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **_: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        """Count the call, wait the simulated latency, reply."""
        role = "grader" if self.model_name == "grader" else "model"
        CALLS[role] += 1
        await asyncio.sleep(LATENCY[role])
        if tools:
            names = tools[0].parameters.properties
            arguments: dict[str, Any] = (
                {
                    "mismatch_detected": False,
                    "text_driven_diagnosis": True,
                    "explanation": "scripted",
                }
                if "mismatch_detected" in names
                else {"verdict": "Correct", "explanation": "scripted"}
            )
            output = ModelOutput.for_tool_call(self.model_name, tools[0].name, arguments)
        else:
            text = (
                "ANSWER: A"
                if "ANSWER: $LETTER" in input[-1].text
                else "Correct. A scripted answer."
            )
            output = ModelOutput.from_content(self.model_name, text)
        output.usage = ModelUsage(input_tokens=100, output_tokens=10, total_tokens=110)
        return output


@scorer(metrics=[mean()])
def bare_judge() -> Scorer:
    """Three grader calls with the answer and the reference, the share saying Correct."""

    async def score(state: TaskState, target: Target) -> Score:
        grader = get_model(role="grader", required=True)
        prompt = (
            f"Reference: {target.text}\nAnswer: {state.output.completion}\nCorrect or Incorrect?"
        )
        outputs = await asyncio.gather(*(grader.generate(prompt) for _ in range(3)))
        return Score(value=sum("Correct" in o.completion for o in outputs) / 3)

    return score


def bare_tasks(data: Path) -> list[Task]:
    """The same samples as bj-evals but with original images, plain solvers and a plain judge."""
    bench = load_benchmark(data)
    mcq = [
        Task(
            dataset=MemoryDataset(mcq_samples(bench, paper_task(t), None)),
            solver=multiple_choice(),
            scorer=choice(),
            name=f"bare_{t}",
        )
        for t in MCQ_TASKS
    ]
    templates: dict[CaseTaskId, str] = {
        "IV": prompts.DIAGNOSIS_PROMPT,
        "V": prompts.DIAGNOSTIC_REASONING_PROMPT,
        "VI": prompts.TREATMENT_PLANNING_PROMPT,
        "VII": prompts.TREATMENT_REASONING_PROMPT,
    }
    cases = [
        Task(
            dataset=MemoryDataset(case_samples(bench, paper_task(t), "image", None)),
            solver=[prompt_template(p), generate()],
            scorer=bare_judge(),
            name=f"bare_{t}",
        )
        for t, p in templates.items()
    ]
    viii = Task(
        dataset=MemoryDataset(inconsistency_samples(bench, paper_task("VIII"), 0, None)),
        solver=[prompt_template(prompts.INCONSISTENCY_PROMPT), generate()],
        scorer=bare_judge(),
        name="bare_VIII",
    )
    return [*mcq, *cases, viii]


def child(args: argparse.Namespace) -> None:
    """One configuration in this process: print its measurements as one JSON line."""
    LATENCY.update(model=args.latency, grader=args.grader_latency)
    grader = get_model(
        "scripted/grader", config=GenerateConfig(max_connections=3 * args.max_samples)
    )
    model = get_model("scripted/model", config=GenerateConfig(max_connections=args.max_samples))
    common: dict[str, Any] = {
        "model": model,
        "model_roles": {"grader": grader},
        "log_dir": args.logs,
        "display": "none",
        "max_samples": args.max_samples,
        "max_tasks": 1,
    }
    started = time.perf_counter()
    if args.child == "rescore":
        [previous] = sorted(Path(args.logs).glob("*.eval"))
        log = read_eval_log(str(previous))
        assert log.eval.scorers is not None
        # the scorer as the log recorded it, as `inspect score` re-creates it
        score(log, clinical_judge(**(log.eval.scorers[0].options or {})), display="none")
    elif args.child.startswith("bare"):
        eval(bare_tasks(Path(args.data)), log_images=args.child == "bare-images", **common)
    elif args.child.startswith("judge"):
        eval(
            bj_evals.diagnosis_generation,
            task_args={"source": args.data, "judge_repeats": int(args.child[-1])},
            **common,
        )
    else:
        tasks = [getattr(bj_evals, task.name) for task in TASKS]
        eval(tasks, task_args={"source": args.data}, **common)
    wall = time.perf_counter() - started
    log_bytes = sum(p.stat().st_size for p in Path(args.logs).rglob("*") if p.is_file())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"wall": wall, "rss": rss, "log_bytes": log_bytes, **CALLS}))


def run(config: str, args: argparse.Namespace, data: Path, logs: Path) -> dict[str, float]:
    """Run one configuration in a fresh process and return its measurements."""
    command = [
        sys.executable,
        __file__,
        "--child",
        config,
        "--data",
        str(data),
        "--logs",
        str(logs),
        "--latency",
        str(args.latency),
        "--grader-latency",
        str(args.grader_latency),
        "--max-samples",
        str(args.max_samples),
    ]
    cache = logs.parent / f"{logs.name}-inspect-cache"
    env = {**args.env, "INSPECT_CACHE_DIR": str(cache)}  # each run starts cold, re-score reuses
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise SystemExit(f"{config} failed:\n{result.stderr[-3000:]}")
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def table(rows: dict[str, dict[str, float]]) -> str:
    """The measurements side by side, with each ratio to its baseline."""
    bare, bare_nolog = rows["bare, images logged"], rows["bare, log_images=False"]
    lines = [
        "| run | wall s | peak RSS MB | logs MB | model calls | grader calls | wall vs no-image bare | RSS vs bare | logs vs bare |",
        "| --- |" + " ---: |" * 8,
    ]
    for name, row in rows.items():
        ratios = (
            (
                f"{row['wall'] / bare_nolog['wall']:.2f}x",
                f"{row['rss'] / bare['rss']:.2f}x",
                f"{row['log_bytes'] / bare['log_bytes']:.1%}",
            )
            if not name.startswith(("judge", "re-score"))
            else ("", "", "")
        )
        lines.append(
            f"| {name} | {row['wall']:.1f} | {row['rss'] / 2**20:.0f} | {row['log_bytes'] / 2**20:.1f} | {row.get('model', 0):.0f} | {row.get('grader', 0):.0f} | "
            + " | ".join(ratios)
            + " |"
        )
    judge3, judge1 = rows.get("judge IV, 3 repeats"), rows.get("judge IV, 1 repeat")
    if judge3 and judge1:
        lines.append(
            f"\n3 judge repeats take {judge3['wall'] / judge1['wall']:.2f}x the wall of 1; re-scoring from the cache made {rows['re-score IV from cache'].get('grader', 0):.0f} grader calls."
        )
    return "\n".join(lines)


def main() -> None:
    """Generate the data, run every configuration, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, for CI")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="simulated seconds per model call"
    )
    parser.add_argument(
        "--grader-latency",
        type=float,
        default=0.2,
        help="simulated seconds per grader call (judge runs)",
    )
    parser.add_argument("--max-samples", type=int, default=32)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bj-full-scale")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--logs", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    data = make_dataset(
        args.work / ("data-quick" if args.quick else "data-full"), 0.1 if args.quick else 1.0
    )
    runs = {
        "bare, images logged": "bare-images",
        "bare, log_images=False": "bare-nolog",
        "bj-evals": "bj",
        "judge IV, 3 repeats": "judge3",
        "judge IV, 1 repeat": "judge1",
    }
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        args.env = {**os.environ, "BJ_EVALS_CACHE": f"{scratch}/bj-cache"}
        for name, config in runs.items():
            rows[name] = run(config, args, data, Path(scratch) / config)
            print(f"{name}: {rows[name]['wall']:.1f} s", file=sys.stderr)
        rows["re-score IV from cache"] = run("rescore", args, data, Path(scratch) / "judge3")
        report = report_seconds(Path(scratch) / "bj", Path(scratch) / "report")
    print(table(rows))
    print(f"bj-evals report over the bj-evals logs: {report:.1f} s")


def report_seconds(logs: Path, out: Path) -> float:
    """Wall time of `bj-evals report` over a run's logs, as a user runs it."""
    command = [str(Path(sys.executable).with_name("bj-evals")), "report", str(logs), "-o", str(out)]
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
