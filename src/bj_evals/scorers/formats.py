"""Which verdict format each grader gives, found while the task is built.

Each grader is asked to grade a tiny made-up answer in each format it may support,
in order (tool call, response schema, JSON text), and the first format that gives a
valid verdict is used for the whole run. That request also proves the grader is
reachable before the evaluated model is called: a grader that gives no verdict in
any format stops the run in one line. The formats become an argument of the scorer,
which Inspect records in the log, so re-scoring a log (`inspect score`) asks the same
way, finds the verdicts in Inspect's cache and makes no new grader call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import anyio
import anyio.lowlevel

# Inspect's own way to run a coroutine from synchronous code inside a running evaluation
# (its read_eval_log does the same); a task is built synchronously, the grader is async.
from inspect_ai._util._async import (  # inspect-evals-lint: ignore[IECQ001] -- asks the grader while the task is built
    run_coroutine,
)
from inspect_ai.model import GenerateConfig, Model, ModelName

from bj_evals.errors import BJEvalsError
from bj_evals.running import evaluation_running
from bj_evals.scorers.grader import (
    GraderFailure,
    ask,
    check_buildable,
    grader_name,
    graders,
    panel_names,
)
from bj_evals.scorers.verdict_format import FORMATS, VerdictFormat

if TYPE_CHECKING:
    from bj_evals.scorers.judge import Judge

TEXT_ONLY_GRADERS = frozenset({"hf", "hfvlm", "nnterp", "transformer_lens"})
"""Local providers that neither call tools nor enforce a response schema: JSON text only."""

CHECK_CONFIG = GenerateConfig(max_retries=2, timeout=180)
"""The format check fails fast: an unreachable grader is reported, not retried for long."""

_found: WeakKeyDictionary[Model, dict[str, VerdictFormat | BJEvalsError]] = WeakKeyDictionary()
_locks: WeakKeyDictionary[Model, dict[tuple[object, str], anyio.Lock]] = WeakKeyDictionary()


def formats_at_build(judge: Judge[Any], grader: str | None) -> dict[str, VerdictFormat] | None:
    """Each grader's format, found now; None outside an evaluation (then at the first score)."""
    if not evaluation_running():
        return None
    check_buildable(grader)
    return run_coroutine(formats_for(judge, graders(grader), {}))


async def formats_for(
    judge: Judge[Any], panel: list[Model], recorded: Mapping[str, VerdictFormat]
) -> dict[str, VerdictFormat]:
    """The format of each grader: as given, else found now (once per run and grader)."""
    names = panel_names(panel)
    return {
        names[id(model)]: recorded.get(names[id(model)]) or await find_format(judge, model)
        for model in panel
    }


async def find_format(judge: Judge[Any], model: Model) -> VerdictFormat:
    """The first format in which `model` gives a valid verdict; a one-line error if none."""
    key = (anyio.lowlevel.current_token(), judge.name)
    lock = _locks.setdefault(model, {}).setdefault(key, anyio.Lock())
    async with lock:
        known = _found.setdefault(model, {}).get(judge.name)
        if known is None:
            known = await _try_formats(judge, model)
            _found[model][judge.name] = known
    if isinstance(known, BJEvalsError):
        raise known
    return known


async def _try_formats(judge: Judge[Any], model: Model) -> VerdictFormat | BJEvalsError:
    tried = []
    for fmt in candidates(model):
        prompt = judge.prompt(fmt, **judge.probe)
        result = await ask(model, prompt, judge.schema, fmt, 0, cache=False, config=CHECK_CONFIG)
        if not isinstance(result, GraderFailure):
            return fmt
        tried.append(f"{fmt}: {result.reason}")
    return BJEvalsError(
        f"the grader {grader_name(model)} gave no usable verdict in any format "
        f"({'; '.join(tried)}); choose another with --model-role grader=<provider/model>."
    )


def candidates(model: Model) -> tuple[VerdictFormat, ...]:
    """The formats worth trying for `model`'s provider, in order of preference."""
    return ("text",) if ModelName(model).api in TEXT_ONLY_GRADERS else FORMATS
