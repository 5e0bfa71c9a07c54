"""The judge and its agreement: panel agreement, failure profile, the physicians' labelling sheet and judge-vs-physician agreement."""
