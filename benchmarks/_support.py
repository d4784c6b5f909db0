"""Shared set-up for benchmarks: a migrated scratch SQLite database and the installed packs."""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path

QUICK = os.environ.get("GUANXI_BENCH_QUICK") == "1"


def scratch_sqlite(name: str) -> str:
    """A fresh, migrated SQLite database in a temporary directory; returns its URL."""
    from core.migrate import upgrade
    from core.packs.loader import get_registry

    path = Path(tempfile.mkdtemp(prefix=f"guanxi-bench-{name}-")) / "bench.db"
    url = f"sqlite:///{path}"
    upgrade(url, get_registry())
    return url


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: Sequence[float]) -> str:
    return f"median {statistics.median(values) * 1000:.2f} ms, p95 {percentile(values, 95) * 1000:.2f} ms"
