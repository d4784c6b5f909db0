"""The loyalty page under ``/retail/loyalty``: members, points outstanding and members per tier.

Counts only the members the user may see (``sdk.visible_to``): a rep's figures are their own.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlmodel import Session, col

from sdk import Caller, Tenant, visible_to
from sdk.web import PageContext

from .models import LoyaltyAccount
from .tiers import tier_names

router = APIRouter()


@router.get("/loyalty")
def loyalty_page(page: PageContext) -> Response:
    overview = loyalty_overview(page.session, page.tenant, caller=page)
    return page.render(
        "retail/loyalty.html",
        overview=overview,
        tier_names=tier_names(session=page.session, tenant=page.tenant),
    )


def loyalty_overview(session: Session, tenant: Tenant, *, caller: Caller) -> dict[str, Any]:
    """Members, points outstanding and members per tier."""
    visible = visible_to(caller, LoyaltyAccount.customer_id)
    own = col(LoyaltyAccount.tenant_id) == tenant.id
    members, points = session.execute(
        select(
            func.count(col(LoyaltyAccount.id)), func.coalesce(func.sum(col(LoyaltyAccount.balance)), 0)
        ).where(own, visible)
    ).one()
    tier = col(LoyaltyAccount.tier_code)
    tiers = session.execute(select(tier, func.count()).where(own, visible).group_by(tier)).all()
    return {"members": members, "points": points, "tiers": {code: n for code, n in tiers}}
