"""B&J results from Inspect logs, as pandas DataFrames for notebooks and as report files.

from pathlib import Path
from bj_evals.analysis import read_logs, accuracy_table, compare_models

logs = read_logs([Path("logs/bj")])
accuracy_table(logs.samples)          # n, accuracy, 95% intervals, losses, judge rates
compare_models(logs.samples)          # Kruskal-Wallis, Dunn, Cochran's Q, McNemar per task
"""

from bj_evals.analysis.agreement import Agreement, agreement, majority, read_labels
from bj_evals.analysis.compare import Comparison, compare_models
from bj_evals.analysis.export import export_answers
from bj_evals.analysis.judges import failure_profile, panel_agreement
from bj_evals.analysis.logs import LogSet, read_logs
from bj_evals.analysis.names import Names, load_names
from bj_evals.analysis.report import Report, write_report
from bj_evals.analysis.stats import accuracy_table, breakdown

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
