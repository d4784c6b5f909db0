"""The retail pack, declared: orders, catalog, loyalty, campaigns and analytics, with its pages.

Import strings name each part's module, so nothing below is imported until its hook runs.  Its
handlers turn purchases into orders, on enable (backfill) and as they are logged.
"""

from __future__ import annotations

from sdk import Edition, Pack

pack = Pack(
    name="retail",
    title="Retail",
    titles={"zh_Hans": "零售", "zh_Hant": "零售"},
    description="Orders by customer, channel and store; purchases become orders.",
    core_api=">=1.0,<2",
    templates=True,
    static=True,
    models=[
        ".orders.models:RetailOrder",
        ".catalog.models:RetailCategory",
        ".catalog.models:RetailProduct",
        ".catalog.models:RetailStore",
        ".orders.models:RetailOrderLine",
        ".orders.models:RetailReturn",
        ".analytics.models:TABLES",
        ".loyalty.models:TABLES",
        ".campaigns.models:TABLES",
    ],
    api_routers=".api:routers",
    web_routes=".pages:router",
    nav_items=".panels:nav_items",
    customer_panels=".panels:customer_panels",
    dashboard_widgets=".panels:dashboard_widgets",
    cli_commands=".analytics.cli:cli_commands",
    segment_fields=".analytics.segments:segment_fields",
    reminder_rules=".campaigns.reminders:reminder_rules",
    import_types=[".catalog.importing:import_type", ".orders.importing:import_type"],
    jobs=[".loyalty.jobs:jobs", ".analytics.jobs:jobs"],
    permissions=".access:permissions",
    timeline_sources=".orders.timeline:timeline_sources",
    goods_costs=".orders.costs:goods_costs",
    on_tenant_enabled=".orders.backfill:backfill_orders",
    on_interaction_logged=".orders.service:order_from_interaction",
    seed_demo=".demo:seed_demo",
    editions=Edition.for_industry(
        "retail", "Retail industry", {"zh_Hans": "零售行业版", "zh_Hant": "零售行業版"}
    ),
)
