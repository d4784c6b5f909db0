"""A pack's data for one tenant: what it holds (impact) and how to delete it (purge).

Purge is the only way pack data is ever deleted, and it is explicit: disabling and uninstalling
keep every row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, delete, func, select
from sqlmodel import Session, SQLModel

from core.errors import NotFound
from core.models import Tenant, TenantPack
from core.packs.facade import PackHooks
from core.packs.registry import PackRegistry
from core.packsettings.models import PackSettingsRow
from core.tenancy import session_registry


@dataclass(frozen=True)
class TableImpact:
    table: str
    rows: int


def pack_tables(pack: str, registry: PackRegistry) -> list[Table]:
    """The pack's tables, dependants first (the order rows must be deleted in)."""
    if pack not in registry.packs:
        raise NotFound(f"pack '{pack}' is not installed")
    names = {model.__table__.name for model in registry.packs[pack].models}  # type: ignore[attr-defined]
    return [t for t in reversed(SQLModel.metadata.sorted_tables) if t.name in names]


def purge_impact(*, session: Session, tenant: Tenant, pack: str) -> list[TableImpact]:
    """Rows ``pack`` holds for ``tenant``, per table (shown before a purge is confirmed)."""
    registry = session_registry(session)
    return [
        TableImpact(
            table.name,
            session.execute(
                select(func.count()).select_from(table).where(table.c.tenant_id == tenant.id)
            ).scalar_one(),
        )
        for table in pack_tables(pack, registry)
    ]


def purge_pack_data(*, session: Session, tenant: Tenant, pack: str) -> list[TableImpact]:
    """Delete every row the pack holds for ``tenant`` and forget its enablement."""
    registry = session_registry(session)
    impact = purge_impact(session=session, tenant=tenant, pack=pack)
    PackHooks(registry, pack).purge_tenant_data(session=session, tenant=tenant)
    for table in pack_tables(pack, registry):
        session.execute(delete(table).where(table.c.tenant_id == tenant.id))
    state = session.get(TenantPack, (tenant.id, pack))
    if state is not None:
        session.delete(state)
    settings = session.get(PackSettingsRow, (tenant.id, pack))
    if settings is not None:
        session.delete(settings)
    session.flush()
    return impact
