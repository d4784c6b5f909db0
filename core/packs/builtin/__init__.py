"""Core features shipped as plugins on the same hooks packs use (as pytest registers its defaults).

Built-ins are always active for every tenant; editions switch their features on and off.
"""

from __future__ import annotations

from typing import Any

from core.packs.builtin import collections, costs, editions, pages, reminders

BUILTIN_PLUGINS: list[tuple[str, Any]] = [
    ("core.editions", editions),
    ("core.reminders", reminders),
    ("core.pages", pages),
    ("core.collections", collections),
    ("core.costs", costs),
]
