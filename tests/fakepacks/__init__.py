"""Small packs written the way a vendor would, some of them deliberately broken, for core's tests."""

from __future__ import annotations

from importlib_metadata import EntryPoint

GROUP = "guanxi.plugins"


def entry_point(name: str, module: str) -> EntryPoint:
    """An entry point as an installed distribution would declare it."""
    return EntryPoint(name=name, value=f"fakepacks.{module}", group=GROUP)
