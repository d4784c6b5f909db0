"""The equipment pack, declared: opportunities, their API and the pack's industry edition.

Its handlers act when a tenant enables it (seeding sales stages), when a
customer changes owner (open opportunities follow) and when demo data is asked for.
"""

from __future__ import annotations

from sdk import Edition, Pack

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
    on_tenant_enabled=".stages:seed_default_stages",
    on_customer_updated=".service:follow_new_owner",
    seed_demo=".demo:seed_demo_opportunities",
    editions=Edition.for_industry(
        "equipment", "Equipment industry", {"zh_Hans": "设备销售行业版", "zh_Hant": "設備銷售行業版"}
    ),
)
