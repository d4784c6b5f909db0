"""The appliance repair pack's hook implementations, each handing over to a named module.

Modules are imported inside the hooks so that loading the pack does no work beyond this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sdk import ApiRouter, Edition, MigrationsLocation, PackInfo, Permission, hookimpl

if TYPE_CHECKING:  # annotations only: loading the pack imports no database layer
    from sqlmodel import Session

    from sdk import Interaction, Tenant, TimelineSource

PACK = "appliance-repair"
VERSION = "0.1.0"


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        name=PACK,
        title="Appliance repair",
        version=VERSION,
        core_api=">=1.0,<2",
        description="Repair tickets with warranty and technician for appliance service shops.",
        titles={"zh_Hans": "家电维修", "zh_Hant": "家電維修"},
    )


@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return MigrationsLocation(PACK, Path(__file__).parent / "migrations" / "versions")


@hookimpl
def guanxi_register_models() -> list[type]:
    from .models import RepairTicket

    return [RepairTicket]


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
            "appliance-repair-industry",
            "Appliance repair industry",
            40,
            packs=(PACK,),
            extends="professional",
            titles={"zh_Hans": "家电维修行业版", "zh_Hant": "家電維修行業版"},
        )
    ]


@hookimpl
def guanxi_on_tenant_enabled(session: Session, tenant: Tenant) -> None:
    """Seed the default warranty period; a tenant's own setting is kept on re-enable."""
    from .warranty import seed_default_config

    seed_default_config(session=session, tenant=tenant)


@hookimpl
def guanxi_on_interaction_logged(session: Session, tenant: Tenant, interaction: Interaction) -> None:
    """A service call that describes a broken appliance opens a repair ticket."""
    if interaction.kind == "service":
        from .service import ticket_from_interaction

        ticket_from_interaction(session=session, tenant=tenant, interaction=interaction)


@hookimpl
def guanxi_seed_demo(session: Session, tenant: Tenant) -> None:
    from .demo import seed_demo_tickets

    seed_demo_tickets(session=session, tenant=tenant)


@hookimpl
def guanxi_register_timeline_sources(tenant: Tenant) -> list[TimelineSource]:
    from .timeline import timeline_sources

    return timeline_sources()
