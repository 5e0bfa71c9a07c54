"""The metrics every B&J headline score carries, with one name per site across all tasks.

Inspect names the values of a grouped metric by their group (`site_knee`) when the
score is a plain value (I-III), but `<metric>_<group>` (`grouped_site_knee`) when it is
one key of a dict-valued score (IV-VIII). Every headline score therefore carries one
metric per anatomical site, each registered under its own name (`site_knee`), which
Inspect reports under that name in both cases. A site without samples in a run is NaN.
"""

import math
from collections.abc import Callable
from typing import cast

from inspect_ai._util.registry import (  # inspect-evals-lint: ignore[IECQ001] -- a metric named site_<site> is the only way Inspect reports site_knee for a dict-valued score
    RegistryInfo,
    registry_add,
    registry_tag,
)
from inspect_ai.scorer import Metric, SampleScore, Value, accuracy, stderr

from bj_evals.data.schema import SITES


def _site_accuracy(site: str) -> Callable[[], Metric]:
    """The factory of the metric `site_<site>`: accuracy over that site's samples."""
    name = f"site_{site}"

    def factory() -> Metric:
        overall = cast(Callable[[list[SampleScore]], Value], accuracy())

        def metric(scores: list[SampleScore]) -> Value:
            own = [s for s in scores if (s.sample_metadata or {}).get("site") == site]
            return overall(own) if own else math.nan

        registry_tag(factory, metric, RegistryInfo(type="metric", name=name))
        return metric

    registry_add(factory, RegistryInfo(type="metric", name=name))
    return factory


SITE_ACCURACY = {site: _site_accuracy(site) for site in SITES}


def headline_metrics() -> list[Metric]:
    """Accuracy, its standard error clustered by case, and accuracy per anatomical site."""
    return [accuracy(), stderr(cluster="case_id"), *(f() for f in SITE_ACCURACY.values())]
