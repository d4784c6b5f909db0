"""The pharma sales pack, declared: territories, market reports and who may file them.

A territory tree is seeded the first time a tenant enables the pack; visits and calls carrying
market information become reports.  Both live here because they decide something.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdk import Edition, Pack, hookimpl

if TYPE_CHECKING:  # annotations only: loading the pack imports no database layer
    from sqlmodel import Session

    from sdk import Interaction, Tenant

pack = Pack(
    name="pharma-sales",
    title="Pharma sales",
    titles={"zh_Hans": "医药销售", "zh_Hant": "醫藥銷售"},
    description="Sales territories and market reports for pharmaceutical sales teams.",
    core_api=">=1.0,<2",
    models=[".models:PharmaTerritory", ".models:PharmaMarketReport"],
    api_routers=".views:router",
    permissions=".permissions:permissions",
    editions=Edition.for_industry(
        "pharma-sales", "Pharma sales industry", {"zh_Hans": "医药销售行业版", "zh_Hant": "醫藥銷售行業版"}
    ),
)


@hookimpl
def guanxi_on_tenant_enabled(session: Session, tenant: Tenant, first_time: bool) -> None:
    """Seed the default territory tree once; a tenant's later edits are never undone."""
    if first_time:
        from .territories import seed_default_territories

        seed_default_territories(session=session, tenant=tenant)


@hookimpl
def guanxi_on_interaction_logged(session: Session, tenant: Tenant, interaction: Interaction) -> None:
    """Market information attached to a visit or call is filed as a company market report."""
    from .service import report_from_interaction

    report_from_interaction(session=session, tenant=tenant, interaction=interaction)


@hookimpl
def guanxi_seed_demo(session: Session, tenant: Tenant) -> None:
    from .demo import seed_demo_reports

    seed_demo_reports(session=session, tenant=tenant)
