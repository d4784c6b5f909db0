"""The loaded packs, what went wrong with the others, and the plugin manager they are registered in.

A :class:`PackRegistry` owns every cache derived from it (subset hook callers, the permission
model, the job catalogue...), so two registries in one process (a test's hand-made packs beside the
installed ones) never see each other's answers and a cache dies with its registry.  Nothing here is
a module global keyed by ``id(...)``.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import pluggy

from core.records import MigrationsLocation, PackInfo

T = TypeVar("T")

#: ``failed``: the pack is broken (import error, bad hook, wrong core API, missing dependency);
#: ``blocked``: the deployment left it out on purpose (``GUANXI_PACKS``).
ProblemKind = Literal["failed", "blocked"]


@dataclass(frozen=True)
class PackProblem:
    """Why a pack was not loaded, in words an integrator can act on."""

    pack: str
    message: str
    kind: ProblemKind = "failed"

    def __str__(self) -> str:
        return f"{self.pack}: {self.message}"


@dataclass
class LoadedPack:
    name: str
    info: PackInfo
    plugin: types.ModuleType
    distribution: str | None
    migrations: MigrationsLocation | None
    models: list[type] = field(default_factory=list)

    @property
    def version(self) -> str:
        return self.info.version


@dataclass(eq=False)
class PackRegistry:
    """The loaded packs (in dependency order), core's built-in plugins, problems and the manager.

    ``builtins`` maps the plugin names of core's own hook implementations (``core.editions``...) to
    their registered objects: they take part in every call, for every tenant.
    """

    pm: pluggy.PluginManager
    packs: dict[str, LoadedPack]
    problems: list[PackProblem]
    builtins: dict[str, Any] = field(default_factory=dict)
    _callers: dict[tuple[str, frozenset[str], bool], Any] = field(default_factory=dict, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def plugin(self, name: str) -> Any:
        return self.packs[name].plugin

    def names(self) -> list[str]:
        return list(self.packs)

    def caller(self, spec: Callable[..., Any], *, packs: frozenset[str], builtins: bool = True) -> Any:
        """The hook of ``spec`` (a function of :mod:`core.hooks`) as only ``packs`` (and, unless
        ``builtins`` is false, core's built-ins) implement it.

        Built on pluggy's ``subset_hook_caller`` and kept per (hook, packs), so a tenant's hooks
        cost a dict look-up after the first call.  Taking the spec function rather than its name
        means a misspelt hook fails when the module is imported, not when the hook is first called.
        """
        key = (spec.__name__, packs, builtins)
        found = self._callers.get(key)
        if found is None:
            removed = [pack.plugin for name, pack in self.packs.items() if name not in packs]
            if not builtins:
                removed += list(self.builtins.values())
            found = self._callers[key] = self.pm.subset_hook_caller(spec.__name__, remove_plugins=removed)
        return found

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per registry: for what is derived from the packs alone (the permission
        model, the job catalogue), so it is computed once per process and once per test registry."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def implemented_hooks(self, name: str) -> list[str]:
        """The hooks pack ``name`` implements, as pluggy registered them (``guanxi plugins list``)."""
        return sorted(caller.name for caller in self.pm.get_hookcallers(self.plugin(name)) or [])
