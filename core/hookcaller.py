"""The typed facade through which core calls hooks; core never calls ``pm.hook.*`` directly.

:class:`TenantHooks` is bound to the packs one tenant has enabled: it calls pluggy's subset hook
callers with every other pack removed, so a disabled pack's implementations never run for that
tenant.  Subset callers are cached per enabled set, so the cost per call is a dict lookup.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from core.errors import InvalidInput, Problem
from core.plugins import PackRegistry, call_one, collect, get_registry

if TYPE_CHECKING:  # annotations only: start-up paths that list records need no database layer
    from sqlmodel import Session

    from core.models import Customer, Interaction, Tenant


@lru_cache(maxsize=4096)
def _subset_caller(registry_id: int, enabled: frozenset[str], hook_name: str) -> Any:
    registry = _registries[registry_id]
    removed = [registry.plugin(name) for name in registry.packs if name not in enabled]
    return registry.pm.subset_hook_caller(hook_name, remove_plugins=removed)


_registries: dict[int, PackRegistry] = {}


def clear_cache() -> None:
    _subset_caller.cache_clear()
    _registries.clear()


class TenantHooks:
    """Hooks as one tenant sees them: core's built-ins plus the packs it enabled."""

    def __init__(self, enabled: frozenset[str], registry: PackRegistry | None = None):
        self.registry = registry or get_registry()
        self.enabled = frozenset(name for name in enabled if name in self.registry.packs)
        _registries[id(self.registry)] = self.registry

    def _call(self, hook_name: str, **kwargs: Any) -> list[Any]:
        return _subset_caller(id(self.registry), self.enabled, hook_name)(**kwargs)

    # -- customer and interaction events ---------------------------------------------------------

    def validate_customer(
        self, *, session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]
    ) -> None:
        problems = collect(
            self._call(
                "guanxi_validate_customer",
                session=session,
                tenant=tenant,
                customer=customer,
                changes=changes,
            )
        )
        if problems:
            raise InvalidInput([p if isinstance(p, Problem) else Problem("", str(p)) for p in problems])

    def on_customer_created(self, *, session: Session, tenant: Tenant, customer: Customer) -> None:
        self._call("guanxi_on_customer_created", session=session, tenant=tenant, customer=customer)

    def on_customer_updated(
        self, *, session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]
    ) -> None:
        self._call(
            "guanxi_on_customer_updated",
            session=session,
            tenant=tenant,
            customer=customer,
            changes=changes,
        )

    def on_customers_merged(
        self, *, session: Session, tenant: Tenant, survivor: Customer, duplicate: Customer
    ) -> None:
        self._call(
            "guanxi_on_customers_merged",
            session=session,
            tenant=tenant,
            survivor=survivor,
            duplicate=duplicate,
        )

    def on_interaction_logged(self, *, session: Session, tenant: Tenant, interaction: Interaction) -> None:
        self._call("guanxi_on_interaction_logged", session=session, tenant=tenant, interaction=interaction)

    def seed_demo(self, *, session: Session, tenant: Tenant) -> None:
        self._call("guanxi_seed_demo", session=session, tenant=tenant)

    # -- contributions that depend on the tenant -------------------------------------------------

    def register(self, what: str, *, tenant: Tenant) -> list[Any]:
        """Records of ``guanxi_register_<what>`` from core and the enabled packs."""
        return collect(self._call(f"guanxi_register_{what}", tenant=tenant))

    def segment_fields(self, *, tenant: Tenant) -> dict[str, Any]:
        """Segment filter fields by key (``guanxi_register_segment_fields``); a clash is an error."""
        fields: dict[str, Any] = {}
        for record in self.register("segment_fields", tenant=tenant):
            if record.key in fields:
                raise InvalidInput([Problem("filters", f"segment field '{record.key}' is defined twice")])
            fields[record.key] = record
        return fields

    def timeline_sources(self, *, tenant: Tenant) -> list[Any]:
        """Timeline sources (``guanxi_register_timeline_sources``); a key used twice is an error."""
        sources = self.register("timeline_sources", tenant=tenant)
        keys = [source.key for source in sources]
        clashes = sorted({key for key in keys if keys.count(key) > 1})
        if clashes:
            twice = [Problem("source", f"timeline source '{key}' is defined twice") for key in clashes]
            raise InvalidInput(twice)
        return sources


class PackHooks:
    """Hooks addressed to one pack only: its lifecycle on a tenant."""

    def __init__(self, pack: str, registry: PackRegistry | None = None):
        self.registry = registry or get_registry()
        self.pack = pack
        self.plugin = self.registry.plugin(pack)

    def on_tenant_enabled(self, *, session: Session, tenant: Tenant, first_time: bool) -> None:
        call_one(
            self.registry.pm,
            "guanxi_on_tenant_enabled",
            self.plugin,
            session=session,
            tenant=tenant,
            first_time=first_time,
        )

    def on_tenant_disabled(self, *, session: Session, tenant: Tenant) -> None:
        call_one(self.registry.pm, "guanxi_on_tenant_disabled", self.plugin, session=session, tenant=tenant)

    def purge_tenant_data(self, *, session: Session, tenant: Tenant) -> None:
        call_one(self.registry.pm, "guanxi_purge_tenant_data", self.plugin, session=session, tenant=tenant)


def global_records(what: str, registry: PackRegistry | None = None) -> list[Any]:
    """Records of a start-up ``guanxi_register_<what>`` hook from core and every loaded pack."""
    registry = registry or get_registry()
    return collect(getattr(registry.pm.hook, f"guanxi_register_{what}")())


def records_by_pack(what: str, registry: PackRegistry | None = None) -> dict[str, list[Any]]:
    """Like :func:`global_records`, keyed by the pack that contributed them (for mounting)."""
    registry = registry or get_registry()
    return {
        name: collect([call_one(registry.pm, f"guanxi_register_{what}", pack.plugin)])
        for name, pack in registry.packs.items()
    }
