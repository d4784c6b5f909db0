"""The pharma sales pack, declared: territories, market reports and who may file them.

A territory tree is seeded the first time a tenant enables the pack; visits and calls carrying
market information become reports; both are handlers of the declaration.
"""

from __future__ import annotations

from sdk import Edition, Pack

pack = Pack(
    name="pharma-sales",
    title="Pharma sales",
    titles={"zh_Hans": "医药销售", "zh_Hant": "醫藥銷售"},
    description="Sales territories and market reports for pharmaceutical sales teams.",
    core_api=">=1.0,<2",
    models=[".models:PharmaTerritory", ".models:PharmaMarketReport"],
    api_routers=".views:router",
    permissions=".permissions:permissions",
    on_tenant_enabled=".territories:seed_on_first_enable",
    on_interaction_logged=".service:report_from_interaction",
    seed_demo=".demo:seed_demo_reports",
    editions=Edition.for_industry(
        "pharma-sales", "Pharma sales industry", {"zh_Hans": "医药销售行业版", "zh_Hant": "醫藥銷售行業版"}
    ),
)
