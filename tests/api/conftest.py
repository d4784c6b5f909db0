"""API tests run against an app with every installed pack plus ``apitest``, a small API pack."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from importlib_metadata import EntryPoint, entry_points

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


@pytest.fixture
def api_registry(guanxi_registry: Any) -> Iterator[Any]:
    """Installed packs plus ``apitest`` as the process-wide registry for the test."""
    from core.plugins import get_registry, load_packs, set_registry

    original = get_registry()
    real = list(entry_points(group="guanxi.plugins"))
    registry = load_packs([*real, EntryPoint(name="apitest", value="apitest_pack", group="guanxi.plugins")])
    assert "apitest" in registry.packs, registry.problems
    set_registry(registry)
    yield registry
    set_registry(original)


@pytest.fixture
def app(guanxi_engine: Any, api_registry: Any) -> Any:
    from core.api.app import create_app

    return create_app(engine=guanxi_engine, registry=api_registry)
