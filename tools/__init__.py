"""Tools for developing bj-evals; not part of the installed package."""
