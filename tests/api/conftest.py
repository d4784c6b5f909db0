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


@pytest.fixture(scope="session")
def api_packs(guanxi_registry: Any) -> Any:
    """Installed packs plus ``apitest``, loaded once: the registry the API tests share."""
    from core.packs.loader import load_packs

    real = list(entry_points(group="guanxi.plugins"))
    registry = load_packs([*real, EntryPoint(name="apitest", value="apitest_pack", group="guanxi.plugins")])
    assert "apitest" in registry.packs, registry.problems
    return registry


@pytest.fixture
def api_registry(api_packs: Any) -> Iterator[Any]:
    """Installed packs plus ``apitest`` as the process-wide registry for the test."""
    from core.packs.loader import get_registry, set_registry

    original = get_registry()
    set_registry(api_packs)
    yield api_packs
    set_registry(original)


@pytest.fixture
def app(guanxi_engine: Any, api_registry: Any) -> Any:
    from sdk.testing_api import shared_app

    return shared_app(guanxi_engine, api_registry)
