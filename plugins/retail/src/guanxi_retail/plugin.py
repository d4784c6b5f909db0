"""The retail pack's hook implementations: each a few lines handing over to a named module.

Modules are imported inside the hooks so that loading the pack does no work beyond this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sdk import (
    ApiRouter,
    CliCommand,
    CustomerPanel,
    DashboardWidget,
    Edition,
    ImportType,
    Job,
    MigrationsLocation,
    NavItem,
    PackInfo,
    Permission,
    ReminderRule,
    SegmentField,
    StaticDir,
    TemplateDir,
    WebRoute,
    hookimpl,
)

if TYPE_CHECKING:  # annotations only: loading the pack imports no database layer
    from sqlmodel import Session

    from sdk import Interaction, Tenant, TimelineSource

PACK = "retail"
VERSION = "0.1.0"


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        name=PACK,
        title="Retail",
        version=VERSION,
        core_api=">=1.0,<2",
        description="Orders by customer, channel and store; purchases become orders.",
        titles={"zh_Hans": "零售", "zh_Hant": "零售"},
    )


@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return MigrationsLocation(PACK, Path(__file__).parent / "migrations" / "versions")


@hookimpl
def guanxi_register_models() -> list[type]:
    from .analytics import models as analytics_models
    from .campaigns import models as campaign_models
    from .catalog import models as catalog_models
    from .loyalty import models as loyalty_models
    from .orders import models as order_models

    return [
        order_models.RetailOrder,
        catalog_models.RetailCategory,
        catalog_models.RetailProduct,
        catalog_models.RetailStore,
        order_models.RetailOrderLine,
        order_models.RetailReturn,
        *analytics_models.TABLES,
        *loyalty_models.TABLES,
        *campaign_models.TABLES,
    ]


@hookimpl
def guanxi_register_api_routers() -> list[ApiRouter]:
    from .api import routers

    return [ApiRouter(router) for router in routers()]


@hookimpl
def guanxi_register_permissions() -> list[Permission]:
    from .access import permissions

    return permissions()


@hookimpl
def guanxi_register_import_types(tenant: Tenant) -> list[ImportType]:
    from .catalog.importing import import_type as product_import
    from .orders.importing import import_type as order_import

    return [product_import(), order_import()]


@hookimpl
def guanxi_register_reminder_rules(tenant: Tenant) -> list[ReminderRule]:
    from .campaigns.reminders import reminder_rules

    return reminder_rules()


@hookimpl
def guanxi_register_jobs() -> list[Job]:
    from .analytics.jobs import jobs as analytics_jobs
    from .loyalty.jobs import jobs as loyalty_jobs

    return [*loyalty_jobs(), *analytics_jobs()]


@hookimpl
def guanxi_register_web_routes() -> list[WebRoute]:
    from .pages import router

    return [WebRoute(router)]


@hookimpl
def guanxi_register_template_dirs() -> list[TemplateDir]:
    here = Path(__file__).parent
    return [TemplateDir(here / "templates", locale_dir=here / "locale")]


@hookimpl
def guanxi_register_nav_items(tenant: Tenant) -> list[NavItem]:
    from .panels import nav_items

    return nav_items()


@hookimpl
def guanxi_register_customer_panels(tenant: Tenant) -> list[CustomerPanel]:
    from .panels import customer_panels

    return customer_panels()


@hookimpl
def guanxi_register_dashboard_widgets(tenant: Tenant) -> list[DashboardWidget]:
    from .panels import dashboard_widgets

    return dashboard_widgets()


@hookimpl
def guanxi_register_cli_commands() -> list[CliCommand]:
    from .analytics.cli import app

    return [CliCommand("retail", app, "Retail pack: analytics refits.")]


@hookimpl
def guanxi_register_segment_fields(tenant: Tenant) -> list[SegmentField]:
    """``rfm_segment``: customers in named RFM segments of the latest analysis."""
    from .analytics.segments import segment_fields

    return segment_fields()


@hookimpl
def guanxi_register_editions() -> list[Edition]:
    return [
        Edition(
            "retail-industry",
            "Retail industry",
            40,
            packs=(PACK,),
            extends="professional",
            titles={"zh_Hans": "零售行业版", "zh_Hant": "零售行業版"},
        )
    ]


@hookimpl
def guanxi_on_tenant_enabled(session: Session, tenant: Tenant) -> None:
    """Purchases logged before the pack was enabled (or while it was off) become orders."""
    from .orders.backfill import backfill_orders

    backfill_orders(session=session, tenant=tenant)


@hookimpl
def guanxi_on_interaction_logged(session: Session, tenant: Tenant, interaction: Interaction) -> None:
    """A purchase logged anywhere (import, API, CLI) becomes an order while the pack is on."""
    from .orders.service import order_from_interaction

    order_from_interaction(session=session, tenant=tenant, interaction=interaction)


@hookimpl
def guanxi_seed_demo(session: Session, tenant: Tenant) -> None:
    from .demo import seed_demo

    seed_demo(session=session, tenant=tenant)


@hookimpl
def guanxi_register_timeline_sources(tenant: Tenant) -> list[TimelineSource]:
    from .orders.timeline import timeline_sources

    return timeline_sources()


@hookimpl
def guanxi_register_static_dirs() -> list[StaticDir]:
    return [StaticDir(Path(__file__).parent / "static")]
