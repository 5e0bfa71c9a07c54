"""bj-evals."""
