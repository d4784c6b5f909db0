"""Which packs a tenant has enabled, and the hooks that follow from that.

Enabling runs the pack's ``guanxi_on_tenant_enabled`` (seed defaults, backfill) in the caller's
transaction; disabling never deletes data, so enabling again brings everything back.

The registry a unit of work calls hooks through is bound to its session by whoever opened it
(:func:`core.tenancy.unit_of_work` with ``registry=``): services deep below an entry point find
it there rather than in a process-wide fallback, and a session opened without one says so.
"""

from __future__ import annotations

from sqlmodel import Session, select

from core.errors import Conflict, NotFound
from core.models import Tenant, TenantPack
from core.packs.facade import PackHooks, TenantHooks
from core.tenancy import session_registry
from core.types import utcnow

_HOOKS_KEY = "guanxi_tenant_hooks"


def enabled_packs(session: Session, tenant: Tenant) -> frozenset[str]:
    rows = session.exec(
        select(TenantPack.pack).where(TenantPack.tenant_id == tenant.id, TenantPack.enabled)
    ).all()
    return frozenset(rows)


def hooks_for(session: Session, tenant: Tenant) -> TenantHooks:
    """The tenant's hooks through the session's registry, computed once per session (a request or
    a job)."""
    cached = session.info.get(_HOOKS_KEY)
    if cached is None or cached[0] != tenant.id:
        cached = (tenant.id, TenantHooks(session_registry(session), enabled_packs(session, tenant)))
        session.info[_HOOKS_KEY] = cached
    return cached[1]


def _forget_hooks(session: Session) -> None:
    session.info.pop(_HOOKS_KEY, None)


def pack_states(session: Session, tenant: Tenant) -> dict[str, TenantPack]:
    rows = session.exec(select(TenantPack).where(TenantPack.tenant_id == tenant.id)).all()
    return {row.pack: row for row in rows}


def enable_pack(
    *,
    session: Session,
    tenant: Tenant,
    pack: str,
    actor: str | None = None,
) -> list[str]:
    """Enable ``pack`` (and the packs it depends on) for ``tenant``; return what was newly enabled.

    The packs are those of the registry the unit of work was opened with."""
    registry = session_registry(session)
    if pack not in registry.packs:
        raise NotFound(f"pack '{pack}' is not installed")
    newly: list[str] = []
    for dep in registry.packs[pack].info.depends:
        newly += enable_pack(session=session, tenant=tenant, pack=dep, actor=actor)
    state = session.get(TenantPack, (tenant.id, pack))
    if state is not None and state.enabled:
        return newly
    first_time = state is None
    if state is None:
        state = TenantPack(tenant_id=tenant.id, pack=pack)
    state.enabled = True
    state.enabled_at = utcnow()
    state.enabled_by = actor
    state.disabled_at = None
    state.pack_version = registry.packs[pack].version
    session.add(state)
    session.flush()
    _forget_hooks(session)
    PackHooks(registry, pack).on_tenant_enabled(session=session, tenant=tenant, first_time=first_time)
    return [*newly, pack]


def disable_pack(
    *,
    session: Session,
    tenant: Tenant,
    pack: str,
) -> None:
    """Disable ``pack`` for ``tenant``, keeping its data; refuse while an enabled pack needs it."""
    registry = session_registry(session)
    state = session.get(TenantPack, (tenant.id, pack))
    if state is None or not state.enabled:
        raise NotFound(f"pack '{pack}' is not enabled for tenant '{tenant.slug}'")
    dependants = [
        name
        for name in enabled_packs(session, tenant)
        if name in registry.packs and pack in registry.packs[name].info.depends
    ]
    if dependants:
        raise Conflict(f"pack '{pack}' is needed by {', '.join(sorted(dependants))}; disable those first")
    state.enabled = False
    state.disabled_at = utcnow()
    session.add(state)
    session.flush()
    _forget_hooks(session)
    if pack in registry.packs:
        PackHooks(registry, pack).on_tenant_disabled(session=session, tenant=tenant)
