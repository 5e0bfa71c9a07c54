"""Semantic fidelity: BERTScore beside the judge, and how far the two agree."""
