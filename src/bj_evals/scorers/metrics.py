"""The metrics every B&J headline score carries."""

from inspect_ai.scorer import Metric, accuracy, grouped, stderr


def headline_metrics() -> list[Metric]:
    """Accuracy, its standard error clustered by case, and accuracy per anatomical site."""
    return [
        accuracy(),
        stderr(cluster="case_id"),
        grouped(accuracy(), "site", all=False, name_template="site_{group_name}"),
    ]
