"""Benchmarks: one module per figure, each printing its same-run baseline; ``python -m benchmarks``."""
