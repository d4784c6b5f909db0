"""The pharma sales pack's hook implementations, each handing over to a named module.

Modules are imported inside the hooks so that loading the pack does no work beyond this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sdk import ApiRouter, Edition, MigrationsLocation, PackInfo, Permission, hookimpl

if TYPE_CHECKING:  # annotations only: loading the pack imports no database layer
    from sqlmodel import Session

    from sdk import Interaction, Tenant

PACK = "pharma-sales"
VERSION = "0.1.0"


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        name=PACK,
        title="Pharma sales",
        version=VERSION,
        core_api=">=1.0,<2",
        description="Sales territories and market reports for pharmaceutical sales teams.",
        titles={"zh_Hans": "医药销售", "zh_Hant": "醫藥銷售"},
    )


@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return MigrationsLocation(PACK, Path(__file__).parent / "migrations" / "versions")


@hookimpl
def guanxi_register_models() -> list[type]:
    from .models import PharmaMarketReport, PharmaTerritory

    return [PharmaTerritory, PharmaMarketReport]


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
            "pharma-sales-industry",
            "Pharma sales industry",
            40,
            packs=(PACK,),
            extends="professional",
            titles={"zh_Hans": "医药销售行业版", "zh_Hant": "醫藥銷售行業版"},
        )
    ]


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
