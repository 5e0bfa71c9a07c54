"""Robustness: prompt variants, option order, pass@k and refusals."""
