"""B&J results from Inspect logs, as pandas DataFrames for notebooks and as report files.

from pathlib import Path
from bj_evals.analysis import read_logs, accuracy_table, compare_models

logs = read_logs([Path("logs/bj")])
accuracy_table(logs.samples)          # n, accuracy, 95% CI, judge rates per task and model
compare_models(logs.samples)          # Kruskal-Wallis and Dunn per task
"""

from bj_evals.analysis.agreement import Agreement, agreement, majority, read_labels
from bj_evals.analysis.logs import LogSet, read_logs
from bj_evals.analysis.report import write_report
from bj_evals.analysis.stats import Comparison, accuracy_table, breakdown, compare_models

__all__ = [
    "Agreement",
    "Comparison",
    "LogSet",
    "accuracy_table",
    "agreement",
    "breakdown",
    "compare_models",
    "majority",
    "read_labels",
    "read_logs",
    "write_report",
]
