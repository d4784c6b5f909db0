"""The main navigation: core's entries plus the ones the tenant's enabled packs contribute.

Orders 30 and 40 are left for the notifications inbox and import pages, which arrive as built-in
plugins on ``guanxi_register_nav_items``; any item whose ``permission`` the user lacks is hidden.
"""

from __future__ import annotations

from core.models import Tenant
from core.packs.facade import TenantHooks
from core.records import NavItem


def _(message: str) -> str:
    """Marks a msgid for extraction; it is translated when rendered."""
    return message


CORE_ITEMS = (
    NavItem(_("Dashboard"), "/", order=10),
    NavItem(_("Customers"), "/customers", order=20),
    NavItem(_("Activities"), "/activities", order=25, permission="activities:read"),
    # 30: notifications inbox, 40: import (other engineers' pages, through the same hook)
    NavItem(_("Settings"), "/settings", order=90),
)


def nav_items(hooks: TenantHooks, tenant: Tenant, permissions: frozenset[str]) -> list[NavItem]:
    items = [*CORE_ITEMS, *hooks.nav_items(tenant=tenant)]
    visible = [i for i in items if not i.permission or i.permission in permissions]
    return sorted(visible, key=lambda item: (item.order, item.label))


def is_current(item: NavItem, path: str) -> bool:
    if item.href == "/":
        return path == "/"
    return path == item.href or path.startswith(item.href.rstrip("/") + "/")
