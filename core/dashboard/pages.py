"""The dashboard: KPI tiles, interactions per month (Chart.js), every metric with its 12-month
line, and the enabled packs' widgets."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from core.customers.access import customer_conditions
from core.dashboard.queries import dashboard_figures
from core.metrics.series import MetricSeries, monthly_series
from core.records import DashboardWidget
from core.types import utcnow
from core.web.context import Page, PageContext
from core.web.i18n import Formatter

router = APIRouter()


@router.get("/")
def dashboard(page: PageContext) -> Response:
    figures = dashboard_figures(
        session=page.session,
        conditions=customer_conditions(page.user, page.permissions),
        timezone=page.tenant.timezone,
        now=utcnow(),
    )
    fmt = Formatter(page.locale, page.tenant.timezone)
    chart = {
        "labels": [fmt.month(m) for m in figures.months],
        "values": figures.interactions_per_month,
        "label": page.gettext("Interactions"),
    }
    widgets = sorted(page.hooks.dashboard_widgets(tenant=page.tenant), key=lambda w: (w.order, w.key))
    rendered = [(w, widget_data(w, page)) for w in widgets]
    return page.render(
        "dashboard.html", figures=figures, chart=chart, widgets=rendered, metrics=metric_lines(page)
    )


def metric_lines(page: Page) -> list[MetricSeries]:
    """Every metric of core and the enabled packs, for those who see firm-wide figures (the
    metrics API's rule: they count every customer, so a rep, who sees only their own, gets none)."""
    if not page.can("customers:all"):
        return []
    metrics = page.hooks.metrics(tenant=page.tenant)
    return monthly_series(session=page.session, tenant=page.tenant, metrics=metrics, now=utcnow())


def widget_data(widget: DashboardWidget, page: Page) -> Mapping[str, Any]:
    """``context(session, tenant)``, plus ``caller=page`` when the context declares ``caller``, so a
    widget can count only the customers this user may see (``sdk.visible_to``)."""
    if "caller" in inspect.signature(widget.context).parameters:
        return widget.context(page.session, page.tenant, caller=page)
    return widget.context(page.session, page.tenant)
