"""Import a pack's package from the directory being checked, even when another copy is installed.

``guanxi plugins check <directory>`` must judge the code in that directory.  The installed copy of
the same package is usually imported already (the CLI loads every installed pack to find their
commands), and ``import guanxi_x`` would return it from ``sys.modules``.  For the check, the
installed copy's modules and tables are set aside: the package's modules leave ``sys.modules``, the
directory's ``src`` goes first on ``sys.path``, and the tables its models declared leave SQLModel's
metadata (the directory's models declare the same table names).  Afterwards everything is put back
as it was, and what the directory's copy added is forgotten.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from sqlalchemy import Table
from sqlmodel import SQLModel


def _modules(package: str) -> dict[str, ModuleType]:
    return {n: m for n, m in sys.modules.items() if n == package or n.startswith(f"{package}.")}


def _tables(modules: dict[str, ModuleType]) -> dict[str, Table]:
    """Tables declared by models defined in ``modules``."""
    found: dict[str, Table] = {}
    for mapper in SQLModel._sa_registry.mappers:
        table = mapper.local_table
        if mapper.class_.__module__ in modules and isinstance(table, Table):
            found[table.key] = table
    return found


def _restore_tables(tables: dict[str, Table]) -> None:
    metadata = SQLModel.metadata
    for key, table in tables.items():
        if key in metadata.tables:
            metadata.remove(metadata.tables[key])
        # MetaData has no public way to take back the very Table object that was removed (the
        # mapped classes still point at it); this is the call Table() itself makes.
        metadata._add_table(table.name, table.schema, table)


@contextmanager
def imported_from(src: Path, package: str) -> Iterator[None]:
    """Within the block, ``import package`` loads ``src/package``; afterwards, the previous
    modules, ``sys.path`` and tables are back."""
    saved_modules = _modules(package)
    saved_tables = _tables(saved_modules)
    saved_path = list(sys.path)
    for name in saved_modules:
        del sys.modules[name]
    for table in saved_tables.values():
        if table.key in SQLModel.metadata.tables:
            SQLModel.metadata.remove(table)
    sys.path.insert(0, str(src))
    importlib.invalidate_caches()
    try:
        with warnings.catch_warnings():
            # The directory's models share the installed ones' class and module names.
            warnings.filterwarnings("ignore", "This declarative base already contains a class")
            yield
    finally:
        added = _modules(package)
        for key in _tables(added):
            if key in SQLModel.metadata.tables:
                SQLModel.metadata.remove(SQLModel.metadata.tables[key])
        for name in added:
            del sys.modules[name]
        sys.modules.update(saved_modules)
        _restore_tables(saved_tables)
        sys.path[:] = saved_path
        importlib.invalidate_caches()


def imported_elsewhere(module: ModuleType, src: Path) -> Path | None:
    """Where ``module`` came from, when that is not ``src`` (a finder that ignores ``sys.path``)."""
    origin = Path(module.__file__ or "").resolve()
    return None if origin.is_relative_to(src.resolve()) else origin
