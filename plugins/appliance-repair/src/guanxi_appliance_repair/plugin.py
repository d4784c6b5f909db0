"""The appliance repair pack, declared: repair tickets, their API and its industry edition.

Its hooks seed the warranty setting on enable, open a ticket from a logged service call and add
demo tickets; everything else is in the declaration, resolved lazily.
"""

from __future__ import annotations

from sdk import Edition, Pack

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
    on_tenant_enabled=".warranty:seed_default_config",
    on_interaction_logged=".service:ticket_from_interaction",
    seed_demo=".demo:seed_demo_tickets",
    editions=Edition.for_industry(
        "appliance-repair",
        "Appliance repair industry",
        {"zh_Hans": "家电维修行业版", "zh_Hant": "家電維修行業版"},
    ),
)
