"""B&J results from Inspect logs, as pandas DataFrames for notebooks and as report files.

from pathlib import Path
from bj_evals.analysis import read_logs, accuracy_table, compare_models

logs = read_logs([Path("logs/bj")])
accuracy_table(logs.samples)          # n, accuracy, 95% intervals, losses, judge rates
compare_models(logs.samples)          # Kruskal-Wallis, Dunn, Cochran's Q, McNemar per task
"""

from bj_evals.analysis.core.logs import LogSet, read_logs
from bj_evals.analysis.core.names import Names, load_names
from bj_evals.analysis.core.stats import accuracy_table, breakdown
from bj_evals.analysis.judge.agreement import Agreement, agreement, majority, read_labels
from bj_evals.analysis.judge.export import export_answers
from bj_evals.analysis.judge.tables import failure_profile, panel_agreement
from bj_evals.analysis.paper.compare import Comparison, compare_models
from bj_evals.analysis.report import Report, write_report

__all__ = [
    "Agreement",
    "Comparison",
    "LogSet",
    "Names",
    "Report",
    "accuracy_table",
    "agreement",
    "breakdown",
    "compare_models",
    "export_answers",
    "failure_profile",
    "load_names",
    "majority",
    "panel_agreement",
    "read_labels",
    "read_logs",
    "write_report",
]
