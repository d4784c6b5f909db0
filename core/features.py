"""Core's features, one package each: the API and the web UI are assembled from this one list.

A feature ``name`` is the package ``core.<name>``.  It may hold ``views.py`` (an API router named
``router`` whose paths are complete, e.g. ``/api/v1/customers``), ``pages.py`` (a web router named
``router``, mounted behind the CSRF check) and ``templates/`` (found by the web UI's loader under the
template names the pages use, e.g. ``customers/list.html``).  Packs contribute theirs through hooks;
this list is core's own table of contents, in mounting order.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

CORE_DIR = Path(__file__).parent

#: Core's features, in the order their routers are mounted.
FEATURES: tuple[str, ...] = (
    "auth",
    "users",
    "apikeys",
    "customers",
    "interactions",
    "activities",
    "importing",
    "packs",
    "packsettings",
    "audit",
    "tenants",
    "segments",
    "grades",
    "reminders",
    "smtp",
    "surveys",
    "collections",
    "metrics",
    "costs",
    "dashboard",
    "jobs",
)


def _submodules(kind: str) -> Iterator[Any]:
    for name in FEATURES:
        dotted = f"core.{name}.{kind}"
        if find_spec(f"core.{name}") is not None and find_spec(dotted) is not None:
            yield importlib.import_module(dotted)


def api_routers() -> list[Any]:
    """Every feature's API router (``core.<name>.views.router``), in :data:`FEATURES` order."""
    return [module.router for module in _submodules("views")]


def page_routers() -> list[Any]:
    """Every feature's web router (``core.<name>.pages.router``), in :data:`FEATURES` order."""
    return [module.router for module in _submodules("pages")]


def template_dirs() -> list[Path]:
    """Every feature's ``templates/`` directory, in :data:`FEATURES` order."""
    return [path for name in FEATURES if (path := CORE_DIR / name / "templates").is_dir()]
