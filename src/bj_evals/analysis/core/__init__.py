"""The shared core of every report section: reading logs, grouping runs, names, intervals, the accuracy table, markdown and figure style."""
