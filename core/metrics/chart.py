"""A small line chart of a series, drawn as inline SVG on the server: no script, no chart library.

The geometry is computed here so the template only places numbers, and a missing value (``None``,
a month with nothing to measure) breaks the line instead of being drawn as a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD = 240, 56, 4


@dataclass(frozen=True)
class Sparkline:
    """``segments`` are SVG ``points`` strings (one per unbroken run); ``dots`` mark lone points."""

    width: int
    height: int
    segments: list[str]
    dots: list[tuple[float, float]]


def sparkline(
    values: Sequence[Decimal | float | int | None], width: int = WIDTH, height: int = HEIGHT
) -> Sparkline:
    """Scale ``values`` into a ``width`` × ``height`` box (y grows downwards in SVG)."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return Sparkline(width, height, [], [])
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 2 * PAD) / max(len(values) - 1, 1)
    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
            continue
        x = PAD + index * step
        y = height - PAD - (float(value) - low) / span * (height - 2 * PAD)
        runs[-1].append((round(x, 1), round(y, 1)))
    segments = [" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) > 1]
    dots = [run[0] for run in runs if len(run) == 1]
    return Sparkline(width, height, segments, dots)
