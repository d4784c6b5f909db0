"""The equipment pack, declared: opportunities, their API and the pack's industry edition.

Beyond the declaration, the pack acts when a tenant enables it (seeding sales stages), when a
customer changes owner (open opportunities follow) and when demo data is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sdk import Edition, Pack, hookimpl

if TYPE_CHECKING:  # annotations only: loading the pack imports no database layer
    from sqlmodel import Session

    from sdk import Customer, Tenant

pack = Pack(
    name="equipment",
    title="Equipment sales",
    titles={"zh_Hans": "设备销售", "zh_Hant": "設備銷售"},
    description="An opportunity pipeline for machinery and equipment sellers.",
    core_api=">=1.0,<2",
    models=".models:EquipmentOpportunity",
    api_routers=".views:router",
    permissions=".permissions:permissions",
    settings=".settings:SETTINGS",
    timeline_sources=".timeline:timeline_sources",
    editions=Edition.for_industry(
        "equipment", "Equipment industry", {"zh_Hans": "设备销售行业版", "zh_Hant": "設備銷售行業版"}
    ),
)


@hookimpl
def guanxi_on_tenant_enabled(session: Session, tenant: Tenant) -> None:
    """Seed the default sales stages; a tenant's own list is kept on re-enable."""
    from .stages import seed_default_stages

    seed_default_stages(session=session, tenant=tenant)


@hookimpl
def guanxi_on_customer_updated(
    session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]
) -> None:
    """Open opportunities follow the customer to its new owner."""
    if "owner_id" in changes:
        from .service import follow_new_owner

        follow_new_owner(session=session, tenant=tenant, customer=customer, changes=changes)


@hookimpl
def guanxi_seed_demo(session: Session, tenant: Tenant) -> None:
    from .demo import seed_demo_opportunities

    seed_demo_opportunities(session=session, tenant=tenant)
