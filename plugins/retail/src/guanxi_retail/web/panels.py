"""Records the retail pack contributes to core's UI and permissions (through plugin.py)."""

from __future__ import annotations

from typing import Any

from sdk import CustomerPanel, DashboardWidget, NavItem, Permission

from ..i18n import _
from .figures import customer_value, sales_summary


def permissions() -> list[Any]:
    return [
        Permission("retail:sell", _("Record orders, returns and redemptions"),
                   roles=("owner", "admin", "manager", "rep", "api:write")),
        Permission("retail:manage", _("Manage the catalog, loyalty programme and campaigns"),
                   roles=("owner", "admin", "manager", "api:write")),
    ]


def nav_items() -> list[NavItem]:
    return [NavItem(_("Retail"), "/retail/", order=50)]


def customer_panels() -> list[CustomerPanel]:
    return [CustomerPanel("retail-value", _("Retail value"), "retail/_panel.html", customer_value, order=20)]


def dashboard_widgets() -> list[DashboardWidget]:
    return [DashboardWidget("retail-sales", _("Retail sales, last 30 days"), "retail/_widget.html",
                            sales_summary, order=20)]
