"""Fixtures that swap the process-wide pack registry for one built from fake entry points."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core.packs.loader import get_registry, load_packs, set_registry
from core.packs.registry import PackRegistry
from fakepacks import entry_point

RECORDER = ("recorder", "recorder")


@pytest.fixture
def use_packs(guanxi_registry: PackRegistry) -> Iterator[Callable[..., PackRegistry]]:
    """``use_packs(("name", "module"), ...)`` loads those fake packs (plus the installed ones) as the
    process-wide registry for the test; the real registry comes back afterwards."""
    original = get_registry()

    def use(*packs: tuple[str, str], installed: bool = True) -> PackRegistry:
        import importlib_metadata

        real = list(importlib_metadata.entry_points(group="guanxi.plugins")) if installed else []
        registry = load_packs([*real, *(entry_point(n, m) for n, m in packs)])
        set_registry(registry)
        return registry

    yield use
    set_registry(original)


@pytest.fixture
def recorder(use_packs: Callable[..., PackRegistry]) -> Iterator[Any]:
    """The recorder pack loaded, its event log emptied, and no failure armed."""
    from fakepacks import recorder as module

    use_packs(RECORDER)
    module.EVENTS.clear()
    module.FAIL_ON.clear()
    yield module
    module.EVENTS.clear()
    module.FAIL_ON.clear()
