"""Fixtures for SDK tests: checking packs that are imported by path, then forgotten again."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import SQLModel

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


@pytest.fixture
def check_by_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], object]]:
    """``check_by_path(directory, walks=False)``: run the conformance check in this process on a pack that is
    not installed; its modules, ``sys.path`` entry and tables are removed afterwards."""
    from core.sdkdev.check import check_pack

    monkeypatch.setattr(sys, "path", list(sys.path))
    modules, tables = set(sys.modules), set(SQLModel.metadata.tables)
    yield lambda directory, walks=False: check_pack(str(directory), walks=walks)
    for name in set(sys.modules) - modules:
        del sys.modules[name]
    for name in set(SQLModel.metadata.tables) - tables:
        SQLModel.metadata.remove(SQLModel.metadata.tables[name])
