"""Core's own entries in the main navigation, registered on the hook packs use for theirs.

The notifications inbox (order 30) and import (order 40) are core features, but going through
``guanxi_register_nav_items`` keeps one path for every menu entry, as the navigation module says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.hooks import hookimpl
from core.records import NavItem

if TYPE_CHECKING:
    from core.models import Tenant


def _(message: str) -> str:
    """Marks a msgid for extraction; the navigation translates it when rendered."""
    return message


@hookimpl
def guanxi_register_nav_items(tenant: Tenant) -> list[NavItem]:
    return [
        NavItem(_("Notifications"), "/notifications", order=30, badge="/notifications/badge"),
        NavItem(_("Import"), "/import", order=40, permission="imports:run"),
        NavItem(_("Collections"), "/collections", order=45, permission="collections:read"),
        NavItem(_("Costs"), "/costs", order=47, permission="costs:read"),
    ]
