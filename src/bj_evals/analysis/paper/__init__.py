"""The paper's tables and tests: accuracy by task, model comparisons (Kruskal-Wallis, Dunn, Cochran's Q, McNemar), breakdowns and the headline figures."""
