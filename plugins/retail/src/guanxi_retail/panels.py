"""Records the retail pack contributes to core's UI (through plugin.py)."""

from __future__ import annotations

from sdk import CustomerPanel, DashboardWidget, NavItem

from .figures import customer_value, sales_summary
from .i18n import _


def nav_items() -> list[NavItem]:
    return [NavItem(_("Retail"), "/retail/", order=50)]


def customer_panels() -> list[CustomerPanel]:
    return [CustomerPanel("retail-value", _("Retail value"), "retail/_panel.html", customer_value, order=20)]


def dashboard_widgets() -> list[DashboardWidget]:
    return [
        DashboardWidget(
            "retail-sales", _("Retail sales, last 30 days"), "retail/_widget.html", sales_summary, order=20
        )
    ]
