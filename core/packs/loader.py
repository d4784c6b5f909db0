"""Pack discovery and validation: entry points in, a registry of loaded packs and problems out.

Loading is done once per process, by the entry points (app factory, CLI, job runner, the test
fixtures) through :func:`get_registry`; everything below them receives the registry explicitly.
A pack that fails to import, implements an unknown hook, takes arguments a spec does not offer,
needs another core API or misses a dependency is reported and skipped; the engine and the other
packs keep working.  Each pack (and each of core's built-ins) is registered through a proxy whose
hook implementations re-raise any exception as :class:`core.errors.PackError` naming the pack and
check what they return against the hook's contract, so a failure deep in a hook call always says
whose code failed.
"""

from __future__ import annotations

import functools
import os
import types
from collections.abc import Callable, Iterable
from typing import Any

import importlib_metadata
import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from core import CORE_API_VERSION, hooks
from core.declaredpack import PackDeclarationError, declared_hookimpls
from core.errors import GuanxiError, PackError
from core.packs.contracts import as_list, check_result
from core.packs.registry import LoadedPack, PackProblem, PackRegistry
from core.packs.selection import EVERY_PACK, PackSelection
from core.records import PackInfo
from core.sdkdev.deprecations import current_hook_name

ENTRY_POINT_GROUP = "guanxi.plugins"


def _blame(pack: str, hook_name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
        except (GuanxiError, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            raise PackError(pack=pack, hook=hook_name, cause=exc) from exc
        check_result(pack, hook_name, result)
        return result

    return call


def _proxy(pack: str, module: Any) -> types.ModuleType:
    """A stand-in for ``module`` whose hook implementations name ``pack`` when they fail or return
    something other than the hook's records (:mod:`core.packs.contracts`)."""
    proxy = types.ModuleType(f"guanxi_pack.{pack}")
    proxy.__dict__["__wrapped_module__"] = module
    for attr in dir(module):
        value = getattr(module, attr)
        opts = getattr(value, f"{hooks.PROJECT}_impl", None)
        if callable(value) and opts is not None:
            wrapped = value if opts.get("wrapper") or opts.get("hookwrapper") else None
            # a deprecated hook name is registered under its replacement, with a warning
            setattr(proxy, current_hook_name(pack, attr), wrapped or _blame(pack, attr, value))
    for hook_name, impl in declared_hookimpls(module).items():  # an ``sdk.Pack``'s parts
        setattr(proxy, hook_name, _blame(pack, hook_name, impl))
    return proxy


def call_alone(caller: Any, plugin: Any, **kwargs: Any) -> Any:
    """Call one plugin's implementation of the hook ``caller`` (``None`` if it has none).

    For load time only, before a registry exists; afterwards :meth:`PackRegistry.caller` gives
    a traced subset caller instead.
    """
    for impl in caller.get_hookimpls():
        if impl.plugin is plugin:
            return impl.function(*(kwargs[name] for name in impl.argnames))
    return None


def new_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hooks.PROJECT)
    pm.add_hookspecs(hooks)
    return pm


def _register_pack(pm: pluggy.PluginManager, name: str, module: Any) -> tuple[Any, str | None]:
    """Register ``module`` as ``name``; return the proxy, or an error message."""
    try:
        proxy = _proxy(name, module)
        pm.register(proxy, name=name)
    except pluggy.PluginValidationError as exc:
        return None, f"invalid hook implementation: {exc}"
    except (PackDeclarationError, ValueError) as exc:
        return None, str(exc)
    unknown = sorted(hc.name for hc in pm.get_hookcallers(proxy) or [] if not hc.has_spec())
    if unknown:
        pm.unregister(proxy)
        return None, f"implements unknown hook(s): {', '.join(unknown)}"
    return proxy, None


def _pack_info(pm: pluggy.PluginManager, name: str, proxy: Any) -> tuple[PackInfo | None, str | None]:
    try:
        info = call_alone(pm.hook.guanxi_register_pack, proxy)
    except PackError as exc:
        return None, f"guanxi_register_pack failed: {exc.cause}"
    if not isinstance(info, PackInfo):  # None: the pack does not implement it
        return None, "guanxi_register_pack must return a PackInfo"
    if info.name != name:
        return None, f"declares name '{info.name}' but its entry point is named '{name}'"
    try:
        Version(info.version)
        supported = SpecifierSet(info.core_api)
    except (InvalidVersion, InvalidSpecifier) as exc:
        return None, f"invalid version or core_api: {exc}"
    if Version(CORE_API_VERSION) not in supported:
        return None, f"needs core API {info.core_api}, this core provides {CORE_API_VERSION}"
    return info, None


def _resolve_dependencies(
    candidates: dict[str, tuple[Any, PackInfo]], problems: list[PackProblem]
) -> list[str]:
    """Drop packs whose dependencies are missing or of the wrong version; return a load order."""
    alive = dict(candidates)
    changed = True
    while changed:
        changed = False
        for name, (_proxy_obj, info) in list(alive.items()):
            for dep, spec in info.depends.items():
                reason = None
                if dep not in alive:
                    reason = f"depends on pack '{dep}' ({spec}), which is not available"
                elif Version(alive[dep][1].version) not in SpecifierSet(spec or ""):
                    reason = f"depends on '{dep}' {spec}, found {alive[dep][1].version}"
                if reason:
                    problems.append(PackProblem(name, reason))
                    del alive[name]
                    changed = True
                    break
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        for dep in alive[name][1].depends:
            visit(dep)
        order.append(name)

    for name in sorted(alive):
        visit(name)
    return order


def load_packs(
    entry_points: Iterable[Any] | None = None,
    *,
    models: bool = True,
    selection: PackSelection = EVERY_PACK,
    trace: bool = False,
) -> PackRegistry:
    """Discover packs (``guanxi.plugins`` entry points unless given), validate and register them.

    ``models=False`` skips ``guanxi_register_models``, so no table module (and not SQLAlchemy) is
    imported: enough to list what packs offer, as ``guanxi --help`` does, and never the process-wide
    registry (see :func:`registry_for_listing`).  ``selection`` leaves packs out unimported
    (``GUANXI_PACKS``); ``trace`` logs every hook call (``GUANXI_TRACE_HOOKS``).
    """
    from core.packs.builtin import BUILTIN_PLUGINS

    pm = new_plugin_manager()
    builtins = {}
    for builtin_name, builtin in BUILTIN_PLUGINS:
        builtins[builtin_name] = _proxy(builtin_name, builtin)
        pm.register(builtins[builtin_name], name=builtin_name)
    if entry_points is None:
        entry_points = importlib_metadata.entry_points(group=ENTRY_POINT_GROUP)
    problems: list[PackProblem] = []
    candidates: dict[str, tuple[Any, PackInfo]] = {}
    distributions: dict[str, str | None] = {}
    for ep in entry_points:
        if ep.name in candidates:
            problems.append(PackProblem(ep.name, f"two packs claim this name; kept {ep.name}"))
            continue
        refusal = selection.refusal(ep.name)
        if refusal:
            problems.append(PackProblem(ep.name, refusal, kind="blocked"))
            continue
        try:
            module = ep.load()
        except Exception as exc:
            problems.append(PackProblem(ep.name, f"failed to import {ep.value}: {type(exc).__name__}: {exc}"))
            continue
        proxy, error = _register_pack(pm, ep.name, module)
        if error:
            problems.append(PackProblem(ep.name, error))
            continue
        info, error = _pack_info(pm, ep.name, proxy)
        if error or info is None:
            pm.unregister(proxy)
            problems.append(PackProblem(ep.name, error or "no pack info"))
            continue
        candidates[ep.name] = (proxy, info)
        dist = getattr(ep, "dist", None)
        distributions[ep.name] = dist.name if dist is not None else None
    order = _resolve_dependencies(candidates, problems)
    for name in set(candidates) - set(order):
        pm.unregister(candidates[name][0])
    packs: dict[str, LoadedPack] = {}
    for name in order:
        proxy, info = candidates[name]
        try:
            migrations = call_alone(pm.hook.guanxi_register_migrations, proxy)
            tables = as_list(call_alone(pm.hook.guanxi_register_models, proxy)) if models else []
        except PackError as exc:
            pm.unregister(proxy)
            problems.append(PackProblem(name, f"{exc.hook} failed: {exc.cause}"))
            continue
        packs[name] = LoadedPack(name, info, proxy, distributions[name], migrations, tables)
    if trace:
        from core.packs.trace import trace_hook_calls

        trace_hook_calls(pm)
    return PackRegistry(pm=pm, packs=packs, problems=problems, builtins=builtins)


def _switches() -> dict[str, Any]:
    """``GUANXI_PACKS`` and ``GUANXI_TRACE_HOOKS`` from the deployment's settings."""
    from core.settings import get_settings

    settings = get_settings()
    return {"selection": PackSelection.parse(settings.packs), "trace": settings.trace_hooks}


def _listing_switches() -> dict[str, Any]:
    """``GUANXI_PACKS`` straight from the environment: the settings class costs pydantic's import,
    half of ``guanxi --help``.  A value kept only in ``.env`` applies when a command runs."""
    return {"selection": PackSelection.parse(os.environ.get("GUANXI_PACKS"))}


_registry: PackRegistry | None = None


def get_registry() -> PackRegistry:
    """The process-wide registry, loaded on first use (lazily: importing core loads no pack).

    Only the entry points call this (the app factory's caller, the CLI, the job runner's command,
    the test fixtures); everything they call receives the registry as an argument.
    """
    global _registry
    if _registry is None:
        _registry = load_packs(**_switches())
    return _registry


def registry_for_listing() -> PackRegistry:
    """The process-wide registry if it is loaded, else the packs without their models.

    For what only names the packs' contributions (the CLI's help): loading every table module
    costs SQLAlchemy's start-up, several times the rest of ``guanxi --help``.  A pack whose models
    fail to load is still listed here; it is reported and skipped by the full load that running
    any of its commands (or anything else that uses the packs) does.
    """
    return _registry if _registry is not None else load_packs(models=False, **_listing_switches())


def set_registry(registry: PackRegistry | None) -> None:
    """Replace the process-wide registry (tests load packs from hand-made entry points)."""
    global _registry
    _registry = registry
