"""Declared packs: a pack says what it has, and the SDK writes the hook implementations for it.

Every pack's ``plugin.py`` used to repeat the same forty lines: a ``guanxi_register_pack`` building a
:class:`PackInfo` with a hard-coded version, the migrations directory, a hook per model list, router,
permission list and edition.  A :class:`Pack` lists those parts once; :meth:`Pack.hookimpls` expands
it into ordinary hook implementations (marked with ``hookimpl``), which the loader registers beside
the hooks the module writes itself.  ``plugin.py`` is left with the hooks that have behaviour.

Loading stays lazy.  A part is a record, an import string (``"guanxi_hotel.views:router"``, or
``".views:router"`` relative to the pack's package) or a function, resolved only when its hook is
called, so importing ``plugin.py`` imports neither the pack's models nor SQLAlchemy.  A function
(named by a string or given directly) is called with the hook's arguments it names, the way pluggy
calls a hook implementation: ``def nav_items()`` and ``def nav_items(tenant)`` both work.

The version is the installed distribution's, so it is written in one place (``pyproject.toml``).

A declaration is data, so it can be written as data: ``pack.toml`` beside ``plugin.py``, read by
:meth:`Pack.from_manifest`, holds the same fields (import strings, flags, ``[titles]``), records
as inline tables (``nav_items = [{ label = "Stays", href = "/hotel/" }]``) and the pack's
industry edition as ``[industry_edition]``.  ``plugin.py`` is then one line,
``pack = Pack.from_manifest(__name__)``, and packs share no Python boilerplate at all.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.resources
import inspect
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TypeAlias, TypeVar

from core import hooks
from core.errors import GuanxiError
from core.records import (
    ApiRouter,
    CliCommand,
    CustomerPanel,
    DashboardWidget,
    Edition,
    GoodsCostSource,
    ImportType,
    Job,
    Metric,
    MigrationsLocation,
    NavItem,
    PackInfo,
    PackSettings,
    Permission,
    ReminderRule,
    Role,
    SegmentField,
    StaticDir,
    TemplateDir,
    TimelineSource,
    WebRoute,
)

#: The file a pack's declaration is read from by :meth:`Pack.from_manifest`.
MANIFEST = "pack.toml"

#: The version of a pack whose module no installed distribution provides (a pack imported from a
#: source tree in tests): valid PEP 440, and below any version another pack could require.
UNKNOWN_VERSION = "0.0.0+unknown"

T = TypeVar("T")
#: A declared part: one record, import string or function, or a sequence of them.
Declared: TypeAlias = T | str | Callable[..., Any] | Sequence[T | str | Callable[..., Any]]
#: Handlers of an event: one import string or function, or a sequence of them, run in order.
Handlers: TypeAlias = str | Callable[..., Any] | Sequence[str | Callable[..., Any]]


class PackDeclarationError(GuanxiError):
    """A module's declaration cannot be expanded: it clashes with the module's own hooks."""


@dataclass(frozen=True)
class _Part:
    """How one declared field becomes the hook ``guanxi_register_<field>``."""

    field: str
    #: What each resolved item must be.
    kinds: tuple[type, ...]
    #: Turns a bare object into its record (a FastAPI router into an :class:`ApiRouter`).
    wrap: Callable[[Any], Any] | None = None

    @property
    def hook(self) -> str:
        return f"guanxi_register_{self.field}"


# A further declared part is one field on Pack and one row here.
_PARTS: tuple[_Part, ...] = (
    _Part("models", (type,)),
    _Part("api_routers", (ApiRouter,), ApiRouter),
    _Part("web_routes", (WebRoute,), WebRoute),
    _Part("nav_items", (NavItem,)),
    _Part("customer_panels", (CustomerPanel,)),
    _Part("dashboard_widgets", (DashboardWidget,)),
    _Part("cli_commands", (CliCommand,)),
    _Part("editions", (Edition,)),
    _Part("metrics", (Metric,)),
    _Part("reminder_rules", (ReminderRule,)),
    _Part("segment_fields", (SegmentField,)),
    _Part("import_types", (ImportType,)),
    _Part("jobs", (Job,)),
    _Part("permissions", (Permission, Role)),
    _Part("settings", (PackSettings,)),
    _Part("timeline_sources", (TimelineSource,)),
    _Part("goods_costs", (GoodsCostSource,)),
)

#: Hooks a pack answers with a handler rather than records: each field names its hook without the
#: ``guanxi_`` prefix and takes handlers (import strings or functions) called with the hook
#: arguments they name.  A handler decides for itself whether the event concerns it (a customer
#: update without an owner change, a re-enable that is not the first), so ``plugin.py`` is left
#: with no hook that only hands over to a module.
_HANDLERS: tuple[str, ...] = (
    "validate_customer",
    "on_customer_created",
    "on_customer_updated",
    "on_customers_merged",
    "on_interaction_logged",
    "on_tenant_enabled",
    "on_tenant_disabled",
    "purge_tenant_data",
    "seed_demo",
)


@dataclass(frozen=True, kw_only=True)
class Pack:
    """What a pack is and contributes; assign one to a module attribute of ``plugin.py``.

    Identity (``name``, ``title`` and its ``titles`` in ``zh_Hans`` / ``zh_Hant``, ``description``,
    ``core_api``, ``depends``) becomes ``guanxi_register_pack``.  ``migrations`` declares the Alembic
    branch in ``<package>/migrations/versions`` and ``templates`` the ``<package>/templates`` and
    ``<package>/locale`` directories (the layout of :mod:`sdk.pack`); ``static`` serves
    ``<package>/static`` at ``/static/<name>/``.  The contributions are named after their hook
    (``models`` is ``guanxi_register_models``) and declared as in :data:`Declared`; the events
    (``on_tenant_enabled`` is ``guanxi_on_tenant_enabled``, ``seed_demo``, ``validate_customer``)
    take :data:`Handlers`, each called with the hook arguments it names::

        pack = Pack(
            name="hotel", title="Stays", core_api=">=1.0,<2", ...,
            on_tenant_enabled=".rooms:seed_default_room_types",    # (session, tenant, first_time)
            on_customer_updated=".service:reassign_bookings",      # (session, customer, changes)
            seed_demo=".demo:seed_demo_stays",
        )
    """

    name: str
    title: str
    core_api: str
    titles: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    depends: Mapping[str, str] = field(default_factory=dict)
    migrations: bool = True
    templates: bool = False
    static: bool = False
    models: Declared[type] = ()
    api_routers: Declared[Any] = ()
    web_routes: Declared[Any] = ()
    nav_items: Declared[NavItem] = ()
    customer_panels: Declared[CustomerPanel] = ()
    dashboard_widgets: Declared[DashboardWidget] = ()
    cli_commands: Declared[CliCommand] = ()
    editions: Declared[Edition] = ()
    metrics: Declared[Metric] = ()
    reminder_rules: Declared[ReminderRule] = ()
    segment_fields: Declared[SegmentField] = ()
    import_types: Declared[ImportType] = ()
    jobs: Declared[Job] = ()
    permissions: Declared[Permission | Role] = ()
    settings: Declared[PackSettings] = ()
    timeline_sources: Declared[TimelineSource] = ()
    goods_costs: Declared[GoodsCostSource] = ()
    validate_customer: Handlers = ()
    on_customer_created: Handlers = ()
    on_customer_updated: Handlers = ()
    on_customers_merged: Handlers = ()
    on_interaction_logged: Handlers = ()
    on_tenant_enabled: Handlers = ()
    on_tenant_disabled: Handlers = ()
    purge_tenant_data: Handlers = ()
    seed_demo: Handlers = ()

    @classmethod
    def from_manifest(cls, module_name: str, file_name: str = MANIFEST) -> Pack:
        """The pack declared in ``file_name`` (TOML) in the package of ``module_name``.

        Keys are this class's fields.  A part or handler is an import string or a list of them;
        a part may also be an inline table, the keyword arguments of its record
        (``permissions = [{ key = "hotel:write", title = "Record stays", roles = ["rep"] }]``).
        ``[industry_edition]`` (``title``, ``titles``) adds :meth:`Edition.for_industry`.  An
        unknown key or a value of the wrong kind is a :class:`PackDeclarationError` naming the
        file and the key, so a typo fails at start-up instead of leaving a part out.
        """
        package = module_name.rpartition(".")[0] or module_name
        where = f"{package}/{file_name}"
        module = sys.modules.get(module_name)
        # beside the module being imported (a checked copy of a pack may share its package name
        # with the installed one); by package only for a module not being imported
        if module is not None and module.__file__:
            resource: Any = Path(module.__file__).parent / file_name
        else:
            resource = importlib.resources.files(package) / file_name
        try:
            data = tomllib.loads(resource.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PackDeclarationError(f"{where} is missing") from None
        except tomllib.TOMLDecodeError as exc:
            raise PackDeclarationError(f"{where}: {exc}") from None
        try:
            return cls(**_manifest_fields(data, where))
        except TypeError as exc:  # a required key (name, title, core_api) left out
            raise PackDeclarationError(f"{where}: {exc}") from None

    def hookimpls(self, module: ModuleType) -> dict[str, Callable[..., Any]]:
        """The hook implementations this declaration stands for, by hook name.

        ``module`` is the one holding the declaration: relative import strings, the pack's
        directories and its distribution are found from it.
        """
        package = module.__package__ or module.__name__
        impls: dict[str, Callable[..., Any]] = {
            "guanxi_register_pack": _impl(
                "guanxi_register_pack", lambda args: self.info(distribution_version(module.__name__))
            )
        }
        if self.migrations:
            location = pack_migrations(self.name, module.__file__ or "")
            impls["guanxi_register_migrations"] = _impl("guanxi_register_migrations", lambda args: location)
        if self.templates:
            templates = [pack_templates(module.__file__ or "")]
            impls["guanxi_register_template_dirs"] = _impl(
                "guanxi_register_template_dirs", lambda args: templates
            )
        if self.static:
            assets = [StaticDir(package_dir(module.__file__ or "") / "static")]
            impls["guanxi_register_static_dirs"] = _impl("guanxi_register_static_dirs", lambda args: assets)
        for part in _PARTS:
            declared = getattr(self, part.field)
            if declared:
                impls[part.hook] = _impl(part.hook, functools.partial(self._contribution, part, package))
        for event in _HANDLERS:
            handlers = getattr(self, event)
            if handlers:
                hook = f"guanxi_{event}"
                impls[hook] = _impl(hook, functools.partial(_resolve, handlers, package))
        return impls

    def info(self, version: str) -> PackInfo:
        """The identity as the loader checks it; ``version`` is passed in because it belongs to
        the installed distribution, not to the declaration."""
        return PackInfo(
            name=self.name,
            title=self.title,
            version=version,
            core_api=self.core_api,
            description=self.description,
            depends=self.depends,
            titles=self.titles,
        )

    def _contribution(self, part: _Part, package: str, args: Mapping[str, Any]) -> list[Any]:
        """Resolve a declared part into its records, checking each is what the hook returns."""
        records = []
        for item in _resolve(getattr(self, part.field), package, args):
            if part.wrap is not None and not isinstance(item, part.kinds):
                item = part.wrap(item)
            if not isinstance(item, part.kinds):
                expected = " or ".join(kind.__name__ for kind in part.kinds)
                raise TypeError(f"pack '{self.name}': {part.field} gave {item!r}, expected {expected}")
            records.append(item)
        return records


def _manifest_fields(data: dict[str, Any], where: str) -> dict[str, Any]:
    """``Pack`` keyword arguments from a manifest's table, each value checked for its kind."""
    kinds = {f.name: f for f in dataclasses.fields(Pack)}
    parts = {part.field: part for part in _PARTS}
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "industry_edition":
            fields.setdefault("editions", [])
            continue
        if key not in kinds:
            raise PackDeclarationError(f"{where}: unknown key '{key}'; known: {', '.join(sorted(kinds))}")
        if key in parts:
            fields[key] = [_manifest_part(parts[key], item, where) for item in _as_list(value)]
        elif key in _HANDLERS:
            fields[key] = _strings(key, value, where)
        elif key in ("titles", "depends"):
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise PackDeclarationError(f"{where}: '{key}' must be a table of strings")
            fields[key] = value
        elif key in ("migrations", "templates", "static"):
            if not isinstance(value, bool):
                raise PackDeclarationError(f"{where}: '{key}' must be true or false")
            fields[key] = value
        elif not isinstance(value, str):
            raise PackDeclarationError(f"{where}: '{key}' must be a string")
        else:
            fields[key] = value
    edition = data.get("industry_edition")
    if edition is not None:
        if not isinstance(edition, dict) or not isinstance(edition.get("title"), str):
            raise PackDeclarationError(f"{where}: [industry_edition] needs a 'title'")
        industry = Edition.for_industry(fields.get("name", ""), edition["title"], edition.get("titles", {}))
        fields["editions"] = [*fields["editions"], industry]
    return fields


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _strings(key: str, value: Any, where: str) -> list[str]:
    items = _as_list(value)
    if not all(isinstance(item, str) for item in items):
        raise PackDeclarationError(f"{where}: '{key}' must be an import string or a list of them")
    return items


def _manifest_part(part: _Part, item: Any, where: str) -> Any:
    """One declared item of a part: an import string, or an inline table made into its record."""
    if isinstance(item, str):
        return item
    if not isinstance(item, dict):
        raise PackDeclarationError(f"{where}: '{part.field}' takes import strings or inline tables")
    record = part.kinds[0]
    try:
        return record(**{k: tuple(v) if isinstance(v, list) else v for k, v in item.items()})
    except TypeError as exc:
        raise PackDeclarationError(f"{where}: '{part.field}': {exc}") from None


def package_dir(module_file: str | Path) -> Path:
    """The directory of the pack's import package, given ``__file__`` of any module in it."""
    return Path(module_file).resolve().parent


def pack_migrations(pack: str, module_file: str | Path) -> MigrationsLocation:
    """The pack's Alembic branch: label ``pack``, revisions in ``migrations/versions``."""
    return MigrationsLocation(pack, package_dir(module_file) / "migrations" / "versions")


def pack_templates(module_file: str | Path) -> TemplateDir:
    """The pack's templates (kept under ``templates/<pack>/``) and its catalogs in ``locale/``."""
    here = package_dir(module_file)
    return TemplateDir(here / "templates", locale_dir=here / "locale")


def declared_hookimpls(module: ModuleType) -> dict[str, Callable[..., Any]]:
    """The hook implementations of the :class:`Pack` declared in ``module`` ({} when none is).

    A hook both declared and written by hand would run twice and contribute everything twice, so
    it is refused, naming the pack and the hooks.
    """
    declared = [value for value in vars(module).values() if isinstance(value, Pack)]
    if not declared:
        return {}
    if len(declared) > 1:
        names = ", ".join(f"'{pack.name}'" for pack in declared)
        raise PackDeclarationError(f"{module.__name__} declares {len(declared)} packs ({names}); keep one")
    pack = declared[0]
    impls = pack.hookimpls(module)
    own = {name for name, value in vars(module).items() if hasattr(value, f"{hooks.PROJECT}_impl")}
    both = sorted(own & impls.keys())
    if both:
        raise PackDeclarationError(
            f"pack '{pack.name}' declares and also implements by hand: {', '.join(both)}; keep one"
        )
    return impls


def distribution_version(module_name: str) -> str:
    """The version of the installed distribution whose ``guanxi.plugins`` entry point is
    ``module_name``; :data:`UNKNOWN_VERSION` when none is (a module imported from a source tree)."""
    return _installed_versions().get(module_name, UNKNOWN_VERSION)


@functools.cache
def _installed_versions() -> dict[str, str]:
    """Entry-point module -> its distribution's version, from one scan of the installed
    distributions (a scan per pack cost about 10 ms each at every start-up)."""
    import importlib_metadata

    from core.packs.loader import ENTRY_POINT_GROUP

    return {
        entry_point.module: str(entry_point.dist.version)
        for entry_point in importlib_metadata.entry_points(group=ENTRY_POINT_GROUP)
        if entry_point.dist is not None
    }


def _resolve(declared: object, package: str, args: Mapping[str, Any]) -> list[Any]:
    """Import what ``declared`` names, call its functions, and flatten the result into a list."""
    items = list(declared) if isinstance(declared, list | tuple) else [declared]
    resolved: list[Any] = []
    for item in items:
        value = _import(item, package) if isinstance(item, str) else item
        if inspect.isfunction(value) or inspect.ismethod(value):
            value = _call(value, args)
        if isinstance(value, list | tuple):
            resolved.extend(value)
        elif value is not None:
            resolved.append(value)
    return resolved


def _import(reference: str, package: str) -> Any:
    module_name, colon, attribute = reference.partition(":")
    if not colon or not attribute:
        raise ValueError(f"'{reference}' is not an import string of the form 'module:attribute'")
    value: Any = importlib.import_module(module_name, package=package)
    for name in attribute.split("."):
        value = getattr(value, name)
    return value


def _call(function: Callable[..., Any], args: Mapping[str, Any]) -> Any:
    """Call ``function`` with the hook arguments it names, as pluggy calls an implementation."""
    parameters = inspect.signature(function).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return function(**args)
    return function(**{name: value for name, value in args.items() if name in parameters})


def _impl(hook: str, body: Callable[[Mapping[str, Any]], Any]) -> Callable[..., Any]:
    """An implementation of ``hook`` handing its arguments to ``body`` as a mapping.

    pluggy reads an implementation's argument names from its code after ``inspect.unwrap``; the
    implementation names the spec function of :mod:`core.hooks` as what it wraps, so it takes
    exactly the spec's arguments, in the spec's order, whatever the hook.
    """
    spec = getattr(hooks, hook)
    names = tuple(inspect.signature(spec).parameters)

    def implementation(*args: Any) -> Any:
        return body(dict(zip(names, args, strict=True)))

    implementation.__wrapped__ = spec  # type: ignore[attr-defined]
    implementation.__name__ = hook
    return hooks.hookimpl(implementation)


__all__ = [
    "MANIFEST",
    "Declared",
    "Handlers",
    "Pack",
    "PackDeclarationError",
    "declared_hookimpls",
    "distribution_version",
]
