"""The equipment pack's hook implementations, each handing over to a named module.

Modules are imported inside the hooks so that loading the pack does no work beyond this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdk import ApiRouter, Edition, MigrationsLocation, PackInfo, Permission, hookimpl

if TYPE_CHECKING:  # annotations only: loading the pack imports no database layer
    from sqlmodel import Session

    from sdk import Customer, Tenant, TimelineSource

PACK = "equipment"
VERSION = "0.1.0"


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        name=PACK,
        title="Equipment sales",
        version=VERSION,
        core_api=">=1.0,<2",
        description="An opportunity pipeline for machinery and equipment sellers.",
        titles={"zh_Hans": "设备销售", "zh_Hant": "設備銷售"},
    )


@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return MigrationsLocation(PACK, Path(__file__).parent / "migrations" / "versions")


@hookimpl
def guanxi_register_models() -> list[type]:
    from .models import EquipmentOpportunity

    return [EquipmentOpportunity]


@hookimpl
def guanxi_register_api_routers() -> list[ApiRouter]:
    from .views import router

    return [ApiRouter(router)]


@hookimpl
def guanxi_register_permissions() -> list[Permission]:
    from .permissions import permissions

    return permissions()


@hookimpl
def guanxi_register_editions() -> list[Edition]:
    return [
        Edition(
            "equipment-industry",
            "Equipment industry",
            40,
            packs=(PACK,),
            extends="professional",
            titles={"zh_Hans": "设备销售行业版", "zh_Hant": "設備銷售行業版"},
        )
    ]


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


@hookimpl
def guanxi_register_timeline_sources(tenant: Tenant) -> list[TimelineSource]:
    from .timeline import timeline_sources

    return timeline_sources()
