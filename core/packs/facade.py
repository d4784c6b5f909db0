"""The typed facade through which core calls hooks: one method per hook, typed records back.

Core never calls ``pm.hook.*`` by name and never sorts results with ``isinstance``: each method
names its hook through the spec in :mod:`core.hooks` (a typo fails at import) and returns the
records :mod:`core.packs.contracts` has already checked in the pack's proxy, so a wrong record is
a :class:`~core.errors.PackError` naming the pack, not a surprise in some caller.

* :class:`TenantHooks`: hooks as one tenant sees them, core's built-ins plus the packs it enabled
  (pluggy subset callers with every other pack removed, cached on the registry).
* :class:`PackHooks`: hooks addressed to one pack only (its lifecycle on a tenant).
* :class:`StartupHooks`: contributions read once per process (routes, pages, commands, editions,
  jobs, permissions), by pack where the caller mounts them per pack.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from core import hooks
from core.errors import InvalidInput, PackError, Problem
from core.packs.contracts import as_list
from core.packs.registry import PackRegistry
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
    NavItem,
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

if TYPE_CHECKING:  # annotations only: start-up paths that list records need no database layer
    from collections.abc import Callable

    from sqlmodel import Session

    from core.models import Customer, Interaction, Tenant

log = logging.getLogger("guanxi.packs")
R = TypeVar("R")


def _records(results: list[Any], kind: type[R]) -> list[R]:
    """Flatten what each implementation returned (a record, a list of them, or None).

    ``kind`` only types the answer: each item was checked against the hook's contract by the
    proxy of the plugin that returned it (:func:`core.packs.contracts.check_result`).
    """
    return [item for result in results for item in as_list(result)]


class TenantHooks:
    """Hooks as one tenant sees them: core's built-ins plus the packs it enabled."""

    def __init__(self, registry: PackRegistry, enabled: frozenset[str]):
        self.registry = registry
        self.enabled = frozenset(name for name in enabled if name in registry.packs)

    def _hook(self, spec: Callable[..., Any]) -> Any:
        return self.registry.caller(spec, packs=self.enabled)

    def implements(self, spec: Callable[..., Any]) -> bool:
        """Whether any implementation of ``spec``'s hook runs for this tenant (core's included);
        a batch skips building what no hook would look at."""
        return bool(self._hook(spec).get_hookimpls())

    # -- customer and interaction events ---------------------------------------------------------

    def validate_customer(
        self, *, session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]
    ) -> None:
        """Raise :class:`InvalidInput` with every enabled pack's problems, if there are any."""
        results = self._hook(hooks.guanxi_validate_customer)(
            session=session, tenant=tenant, customer=customer, changes=changes
        )
        problems = _records(results, Problem)
        if problems:
            raise InvalidInput(problems)

    def on_customer_created(self, *, session: Session, tenant: Tenant, customer: Customer) -> None:
        self._hook(hooks.guanxi_on_customer_created)(session=session, tenant=tenant, customer=customer)

    def on_customer_updated(
        self, *, session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]
    ) -> None:
        self._hook(hooks.guanxi_on_customer_updated)(
            session=session, tenant=tenant, customer=customer, changes=changes
        )

    def on_customers_merged(
        self, *, session: Session, tenant: Tenant, survivor: Customer, duplicate: Customer
    ) -> None:
        self._hook(hooks.guanxi_on_customers_merged)(
            session=session, tenant=tenant, survivor=survivor, duplicate=duplicate
        )

    def on_interaction_logged(self, *, session: Session, tenant: Tenant, interaction: Interaction) -> None:
        self._hook(hooks.guanxi_on_interaction_logged)(
            session=session, tenant=tenant, interaction=interaction
        )

    def seed_demo(self, *, session: Session, tenant: Tenant) -> None:
        self._hook(hooks.guanxi_seed_demo)(session=session, tenant=tenant)

    # -- contributions that depend on the tenant -------------------------------------------------

    def nav_items(self, *, tenant: Tenant) -> list[NavItem]:
        return _records(self._hook(hooks.guanxi_register_nav_items)(tenant=tenant), NavItem)

    def customer_panels(self, *, tenant: Tenant) -> list[CustomerPanel]:
        return _records(self._hook(hooks.guanxi_register_customer_panels)(tenant=tenant), CustomerPanel)

    def dashboard_widgets(self, *, tenant: Tenant) -> list[DashboardWidget]:
        return _records(self._hook(hooks.guanxi_register_dashboard_widgets)(tenant=tenant), DashboardWidget)

    def metrics(self, *, tenant: Tenant) -> list[Metric]:
        return _records(self._hook(hooks.guanxi_register_metrics)(tenant=tenant), Metric)

    def reminder_rules(self, *, tenant: Tenant) -> list[ReminderRule]:
        return _records(self._hook(hooks.guanxi_register_reminder_rules)(tenant=tenant), ReminderRule)

    def import_types(self, *, tenant: Tenant) -> list[ImportType]:
        return _records(self._hook(hooks.guanxi_register_import_types)(tenant=tenant), ImportType)

    def segment_fields(self, *, tenant: Tenant) -> dict[str, SegmentField]:
        """Segment filter fields by key (``guanxi_register_segment_fields``); a clash is an error."""
        fields: dict[str, SegmentField] = {}
        results = self._hook(hooks.guanxi_register_segment_fields)(tenant=tenant)
        for record in _records(results, SegmentField):
            if record.key in fields:
                raise InvalidInput([Problem("filters", f"segment field '{record.key}' is defined twice")])
            fields[record.key] = record
        return fields

    def timeline_sources(self, *, tenant: Tenant) -> list[TimelineSource]:
        """Timeline sources (``guanxi_register_timeline_sources``); a key used twice is an error."""
        sources = _records(self._hook(hooks.guanxi_register_timeline_sources)(tenant=tenant), TimelineSource)
        keys = [source.key for source in sources]
        clashes = sorted({key for key in keys if keys.count(key) > 1})
        if clashes:
            twice = [Problem("source", f"timeline source '{key}' is defined twice") for key in clashes]
            raise InvalidInput(twice)
        return sources

    def goods_costs(self, *, tenant: Tenant) -> list[GoodsCostSource]:
        """Sources of the cost of goods sold (``guanxi_register_goods_costs``); a key used twice is
        an error."""
        sources = _records(self._hook(hooks.guanxi_register_goods_costs)(tenant=tenant), GoodsCostSource)
        keys = [source.key for source in sources]
        clashes = sorted({key for key in keys if keys.count(key) > 1})
        if clashes:
            raise InvalidInput(
                [Problem("source", f"goods cost source '{key}' is defined twice") for key in clashes]
            )
        return sources


class PackHooks:
    """Hooks addressed to one pack only: its lifecycle on a tenant."""

    def __init__(self, registry: PackRegistry, pack: str):
        self.registry = registry
        self.pack = pack

    def _hook(self, spec: Callable[..., Any]) -> Any:
        return self.registry.caller(spec, packs=frozenset({self.pack}), builtins=False)

    def on_tenant_enabled(self, *, session: Session, tenant: Tenant, first_time: bool) -> None:
        self._hook(hooks.guanxi_on_tenant_enabled)(session=session, tenant=tenant, first_time=first_time)

    def on_tenant_disabled(self, *, session: Session, tenant: Tenant) -> None:
        self._hook(hooks.guanxi_on_tenant_disabled)(session=session, tenant=tenant)

    def purge_tenant_data(self, *, session: Session, tenant: Tenant) -> None:
        self._hook(hooks.guanxi_purge_tenant_data)(session=session, tenant=tenant)


@dataclass(frozen=True)
class Grants:
    """What ``guanxi_register_permissions`` contributed, split by kind for the permission model."""

    permissions: list[Permission]
    roles: list[Role]


class StartupHooks:
    """Contributions read once per process from core's built-ins and every loaded pack.

    The ``*_by_pack`` readers call each pack alone, because the caller mounts or attributes what
    it gets per pack; a pack whose hook fails there is logged and left out, so one broken pack
    never stops the host from serving the others.
    """

    def __init__(self, registry: PackRegistry):
        self.registry = registry

    def _all(self, spec: Callable[..., Any]) -> Any:
        return self.registry.caller(spec, packs=frozenset(self.registry.packs))

    def _core(self, spec: Callable[..., Any]) -> Any:
        return self.registry.caller(spec, packs=frozenset())

    def _by_pack(self, spec: Callable[..., Any], kind: type[R], *, tolerant: bool) -> dict[str, list[R]]:
        found: dict[str, list[R]] = {}
        for name in self.registry.packs:
            caller = self.registry.caller(spec, packs=frozenset({name}), builtins=False)
            try:
                found[name] = _records(caller(), kind)
            except PackError as exc:
                if not tolerant:
                    raise
                log.error("pack '%s' left out: %s", name, exc)
        return found

    def static_dirs_by_pack(self) -> dict[str, list[StaticDir]]:
        """Each pack's public assets directory, for serving at ``/static/<pack>/``."""
        return self._by_pack(hooks.guanxi_register_static_dirs, StaticDir, tolerant=True)

    def api_routers_by_pack(self) -> dict[str, list[ApiRouter]]:
        """Each pack's API routers, for mounting under ``/api/v1/<pack>/``."""
        return self._by_pack(hooks.guanxi_register_api_routers, ApiRouter, tolerant=True)

    def web_routes_by_pack(self) -> dict[str, list[WebRoute]]:
        """Each pack's page routers, for mounting under ``/<pack>/``."""
        return self._by_pack(hooks.guanxi_register_web_routes, WebRoute, tolerant=True)

    def template_dirs_by_pack(self, *, tolerant: bool = True) -> dict[str, list[TemplateDir]]:
        """Each pack's template directories; ``tolerant=False`` raises a pack's failure instead
        of logging it (the conformance check reports it)."""
        return self._by_pack(hooks.guanxi_register_template_dirs, TemplateDir, tolerant=tolerant)

    def template_dirs(self) -> list[TemplateDir]:
        """Template directories of every pack, in load order (core's come first, from core)."""
        return [record for records in self.template_dirs_by_pack().values() for record in records]

    def cli_commands(self) -> list[CliCommand]:
        return _records(self._all(hooks.guanxi_register_cli_commands)(), CliCommand)

    def editions(self) -> list[Edition]:
        return _records(self._all(hooks.guanxi_register_editions)(), Edition)

    def jobs_by_owner(self) -> dict[str | None, list[Job]]:
        """Jobs keyed by the pack that declared them, ``None`` for core's (which fire for every
        tenant, where a pack's fire only for tenants that enabled it)."""
        owned: dict[str | None, list[Job]] = {None: _records(self._core(hooks.guanxi_register_jobs)(), Job)}
        owned.update(self._by_pack(hooks.guanxi_register_jobs, Job, tolerant=False))
        return owned

    def settings_by_pack(self) -> dict[str, PackSettings]:
        """Each pack's declared settings (packs without settings left out)."""
        declared = self._by_pack(hooks.guanxi_register_settings, PackSettings, tolerant=True)
        return {pack: records[0] for pack, records in declared.items() if records}

    def permissions_by_pack(self) -> dict[str, list[Permission | Role]]:
        """Each pack's permissions and roles, for references that say which pack adds what."""
        return self._by_pack(hooks.guanxi_register_permissions, Permission | Role, tolerant=False)  # type: ignore[arg-type]

    def permissions(self) -> Grants:
        """Permissions and roles of core and every pack (one hook, two kinds of record)."""
        results = _records(self._all(hooks.guanxi_register_permissions)(), Permission | Role)  # type: ignore[arg-type]
        return Grants(
            permissions=[r for r in results if isinstance(r, Permission)],
            roles=[r for r in results if isinstance(r, Role)],
        )
