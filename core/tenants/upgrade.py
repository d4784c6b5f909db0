"""Edition upgrades as an integrator runs them: schema first, then packs, in that order.

Installing a pack's distribution only makes its code available; its tables appear with the next
``db upgrade``.  Running the migrations before enabling means an upgrade never enables a pack whose
tables do not exist yet, and the backfill in ``guanxi_on_tenant_enabled`` always has its tables.
"""

from __future__ import annotations

from sqlmodel import Session

from core.db import make_engine
from core.editions import EditionChange, change_edition
from core.migrate import upgrade
from core.packs.registry import PackRegistry
from core.tenancy import unit_of_work
from core.tenants.service import get_tenant


def upgrade_tenant_edition(
    *,
    url: str,
    slug: str,
    edition: str,
    actor: str | None = None,
    registry: PackRegistry,
) -> EditionChange:
    upgrade(url, registry)
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            tenant = get_tenant(session, slug)
        assert tenant.id is not None
        with unit_of_work(engine, tenant.id, registry=registry) as session:
            session.add(tenant)
            return change_edition(session=session, tenant=tenant, edition=edition, actor=actor)
    finally:
        engine.dispose()
