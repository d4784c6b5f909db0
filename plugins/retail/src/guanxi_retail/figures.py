"""The numbers the retail home page, customer panel and dashboard show, each one set-based query.

RFM segment and customer lifetime value come from the retail analytics results when the tenant has
any; without them these functions answer ``None`` and the templates leave the slot out.

Figures over many customers take the ``caller`` (the page) and count only the customers it may see
(``sdk.visible_to``), so a rep's dashboard adds up their own customers.  The customer panel needs
no caller: core shows it only on the page of a customer the user may see.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from sdk import Caller, GuanxiError, Tenant, utcnow, visible_to

from .loyalty.models import LoyaltyAccount
from .orders.models import RetailOrder, RetailReturn


def customer_value(session: Session, tenant: Tenant, customer: Any) -> dict[str, Any]:
    """Orders, revenue (net of returns), points and tier of one customer."""
    own = col(RetailOrder.tenant_id) == tenant.id
    theirs = col(RetailOrder.customer_id) == customer.id
    orders, revenue = session.execute(
        select(func.count(col(RetailOrder.id)), func.coalesce(func.sum(col(RetailOrder.total)), 0)).where(
            own, theirs
        )
    ).one()
    returned = session.execute(
        select(func.coalesce(func.sum(col(RetailReturn.amount)), 0))
        .join(RetailOrder, col(RetailOrder.id) == RetailReturn.order_id)
        .where(col(RetailReturn.tenant_id) == tenant.id, theirs)
    ).scalar_one()
    account = (
        session.execute(
            select(LoyaltyAccount).where(
                col(LoyaltyAccount.tenant_id) == tenant.id, col(LoyaltyAccount.customer_id) == customer.id
            )
        )
        .scalars()
        .first()
    )
    return {
        "orders": orders,
        "revenue": revenue - returned,
        "currency": tenant.currency,
        "points": account.balance if account else 0,
        "tier": account.tier_code if account else None,
        "analytics": _analytics(session, tenant, customer.id),
    }


def _analytics(session: Session, tenant: Tenant, customer_id: int) -> dict[str, Any] | None:
    """RFM segment and CLV from the latest analytics runs, if any ran for this customer."""
    try:
        from .analytics.reports import customer_value as analytics_value

        found = analytics_value(session=session, tenant=tenant, customer_id=customer_id)
    except (ImportError, GuanxiError):
        return None
    value = found.get("value") or {}
    return {"segment": (found.get("rfm") or {}).get("segment"), "clv": value.get("clv")}


def sales_summary(session: Session, tenant: Tenant, *, caller: Caller, days: int = 30) -> dict[str, Any]:
    """Orders, revenue and buying customers over the last ``days`` days, for the dashboard."""
    since = utcnow() - timedelta(days=days)
    orders, revenue, buyers = session.execute(
        select(
            func.count(col(RetailOrder.id)),
            func.coalesce(func.sum(col(RetailOrder.total)), 0),
            func.count(func.distinct(col(RetailOrder.customer_id))),
        ).where(
            col(RetailOrder.tenant_id) == tenant.id,
            col(RetailOrder.ordered_at) >= since,
            visible_to(caller, RetailOrder.customer_id),
        )
    ).one()
    return {
        "days": days,
        "orders": orders,
        "revenue": revenue,
        "buyers": buyers,
        "currency": tenant.currency,
        "segments": _segments(session, tenant, caller),
    }


def _segments(session: Session, tenant: Tenant, caller: Caller) -> dict[str, int] | None:
    try:
        from .analytics.models import RfmScore
        from .analytics.reports import segment_counts

        _run, counts = segment_counts(
            session=session, tenant=tenant, visible=visible_to(caller, RfmScore.customer_id)
        )
    except (ImportError, GuanxiError):
        return None
    return {name: n for name, n in counts.items() if n}
