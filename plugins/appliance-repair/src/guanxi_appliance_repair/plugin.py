"""The appliance repair pack, declared: repair tickets, their API and its industry edition.

Its hooks seed the warranty setting on enable, open a ticket from a logged service call and add
demo tickets; everything else is in the declaration, resolved lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk import Edition, Pack, hookimpl

if TYPE_CHECKING:  # annotations only: loading the pack imports no database layer
    from sqlmodel import Session

    from sdk import Interaction, Tenant

pack = Pack(
    name="appliance-repair",
    title="Appliance repair",
    titles={"zh_Hans": "家电维修", "zh_Hant": "家電維修"},
    description="Repair tickets with warranty and technician for appliance service shops.",
    core_api=">=1.0,<2",
    models=".models:RepairTicket",
    api_routers=".views:router",
    permissions=".permissions:permissions",
    settings=".settings:SETTINGS",
    timeline_sources=".timeline:timeline_sources",
    editions=Edition.for_industry(
        "appliance-repair",
        "Appliance repair industry",
        {"zh_Hans": "家电维修行业版", "zh_Hant": "家電維修行業版"},
    ),
)


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
