"""Who may do what through the retail API: the pack's permissions and the route contexts that need them.

Reads of customer-linked records need ``customers:read`` and keep to the customers the caller may
see (``sdk.visible_to`` / ``sdk.require_visible_customer``); catalog reads need ``packs:read``.
Selling (orders, returns, redemptions) needs ``retail:sell``; the catalog, loyalty programme,
campaigns and refits need ``retail:manage``.  Viewers, technicians and read-scoped API keys hold
neither.
"""

from __future__ import annotations

from typing import Annotated

from sdk import Permission
from sdk.api import RequestContext, require

from .i18n import _

SELL = "retail:sell"
MANAGE = "retail:manage"

Reader = Annotated[RequestContext, require("customers:read")]
CatalogReader = Annotated[RequestContext, require("packs:read")]
Seller = Annotated[RequestContext, require(SELL)]
Manager = Annotated[RequestContext, require(MANAGE)]
#: Tenant-wide analytics lists: a rep, who sees only some customers, must not page through them all.
EveryCustomer = Annotated[RequestContext, require("customers:all")]


def permissions() -> list[Permission]:
    return [
        Permission(
            SELL,
            _("Record orders, returns and redemptions"),
            roles=("owner", "admin", "manager", "rep", "api:write"),
        ),
        Permission(
            MANAGE,
            _("Manage the catalog, loyalty programme and campaigns"),
            roles=("owner", "admin", "manager", "api:write"),
        ),
    ]
