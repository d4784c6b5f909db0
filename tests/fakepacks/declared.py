"""A pack that declares every part ``sdk.Pack`` knows, each in one of the ways a part can be given:
an import string of a record list or of a function, a function, a record, or a list of them."""

from __future__ import annotations

from typing import Any

from sdk import Edition, Pack, Permission, Role


def nav_items(tenant: Any) -> list[Any]:
    """A declared function is called with the hook arguments it names (here the tenant)."""
    from fakepacks.declared_parts import nav_item

    return [nav_item(tenant)]


pack = Pack(
    name="declared",
    title="Declared",
    titles={"zh_Hans": "声明", "zh_Hant": "聲明"},
    description="Every part declared, none written by hand.",
    core_api=">=1.0,<2",
    depends={},
    templates=True,
    models=["fakepacks.declared_parts:DeclaredThing", ".declared_parts:MORE_THINGS"],
    api_routers=".declared_parts:api_router",
    web_routes=".declared_parts:web_router",
    nav_items=nav_items,
    customer_panels=".declared_parts:customer_panels",
    dashboard_widgets=".declared_parts:dashboard_widgets",
    cli_commands=".declared_parts:cli_commands",
    editions=Edition.for_industry("declared", "Declared industry", {"zh_Hans": "声明行业版"}),
    metrics=".declared_parts:metrics",
    reminder_rules=".declared_parts:reminder_rules",
    segment_fields=".declared_parts:segment_fields",
    import_types=".declared_parts:import_types",
    jobs=".declared_parts:jobs",
    permissions=[Permission("declared:write", "Write"), Role("clerk", "Clerk", ("declared:write",))],
    settings=".declared_parts:settings",
    timeline_sources=".declared_parts:timeline_sources",
    goods_costs=".declared_parts:goods_costs",
    static=True,
    on_customer_updated=[".declared_parts:owner_changed", ".declared_parts:heard_anything"],
    validate_customer=".declared_parts:problems",
)
