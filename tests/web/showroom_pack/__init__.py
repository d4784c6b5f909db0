"""A small vertical pack with pages, written the way a vendor would: a nav item, a page under
``/showroom/``, a customer panel, a dashboard widget, its own templates and catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from core.web.context import PageContext
from sdk import (
    CustomerPanel,
    DashboardWidget,
    Interaction,
    NavItem,
    PackInfo,
    TemplateDir,
    WebRoute,
    hookimpl,
)

HERE = Path(__file__).parent
router = APIRouter()


@router.get("/")
def showroom_home(page: PageContext) -> Response:
    return page.render("showroom/index.html", tenant_name=page.tenant.name)


def _panel(session: Any, tenant: Any, customer: Any) -> dict[str, Any]:
    visits = [
        i
        for i in session.exec(
            Interaction.__table__.select().where(Interaction.customer_id == customer.id)  # type: ignore[attr-defined]
        ).all()
        if i.source == "showroom"
    ]
    return {"visits": len(visits)}


def _widget(session: Any, tenant: Any) -> dict[str, Any]:
    return {"footfall": 42}


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        "showroom", "Showroom", "1.0.0", core_api=">=1.0,<2", titles={"zh_Hans": "展厅", "zh_Hant": "展廳"}
    )


@hookimpl
def guanxi_register_web_routes() -> list[WebRoute]:
    return [WebRoute(router)]


@hookimpl
def guanxi_register_template_dirs() -> list[TemplateDir]:
    return [TemplateDir(HERE / "templates", locale_dir=HERE / "locale")]


@hookimpl
def guanxi_register_nav_items(tenant: Any) -> list[NavItem]:
    return [NavItem("Showroom", "/showroom/", order=60)]


@hookimpl
def guanxi_register_customer_panels(tenant: Any) -> list[CustomerPanel]:
    return [CustomerPanel("showroom-visits", "Showroom visits", "showroom/_panel.html", _panel)]


@hookimpl
def guanxi_register_dashboard_widgets(tenant: Any) -> list[DashboardWidget]:
    return [DashboardWidget("showroom-footfall", "Showroom footfall", "showroom/_widget.html", _widget)]
