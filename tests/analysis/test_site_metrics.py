"""One per-site metric name across all eight tasks, the README's: `site_knee`, `site_hip`..."""

from __future__ import annotations

from pathlib import Path

from inspect_ai.log import read_eval_log

from tests.analysis.conftest import DEMO


def test_every_task_reports_accuracy_per_site_under_the_same_name(three_model_logs: Path) -> None:
    sites = {f"site_{case.site}" for case in DEMO.cases}
    seen = set()
    for path in sorted(three_model_logs.glob("*.eval")):
        header = read_eval_log(str(path), header_only=True)
        assert header.results is not None
        headline = header.results.scores[0]
        assert headline.name in ("bj_evals/choice", "correct", "detected")
        keys = {key for key in headline.metrics if key.startswith(("site", "grouped"))}
        assert keys == sites, (header.eval.task, sorted(keys))
        assert all(headline.metrics[key].name == key for key in keys)
        seen.add(header.eval.metadata["bj_task"])  # type: ignore[index]
    assert seen == {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"}
