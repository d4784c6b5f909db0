"""Tiers: a member's tier is the highest whose threshold their qualifying points reach.

Qualifying points are those earned in the last 365 days (redemptions and expiry do not count
against them).  The recomputation is one ``UPDATE`` over the tenant's accounts, or over the
accounts named, never a query per member.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlmodel import Session

from sdk import Tenant, utcnow

from .models import LoyaltyAccount, LoyaltyEntry, LoyaltyTier

ACCOUNTS = LoyaltyAccount.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
LEDGER = LoyaltyEntry.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
TIERS = LoyaltyTier.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
WINDOW = timedelta(days=365)


def refresh_tiers(
    *,
    session: Session,
    tenant: Tenant,
    customer_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> None:
    """Recompute qualifying points and tiers for the tenant's members (or the ones named)."""
    since = (now or utcnow()) - WINDOW
    qualifying = (
        select(func.coalesce(func.sum(LEDGER.c.qualifying), 0))
        .where(
            LEDGER.c.tenant_id == tenant.id,
            LEDGER.c.customer_id == ACCOUNTS.c.customer_id,
            LEDGER.c.created_at >= since,
        )
        .scalar_subquery()
    )
    scope = [ACCOUNTS.c.tenant_id == tenant.id]
    if customer_ids is not None:
        scope.append(ACCOUNTS.c.customer_id.in_(list(customer_ids)))
    session.execute(update(ACCOUNTS).where(*scope).values(qualifying_points=qualifying))
    tier = (
        select(TIERS.c.code)
        .where(TIERS.c.tenant_id == tenant.id, TIERS.c.min_points <= ACCOUNTS.c.qualifying_points)
        .order_by(TIERS.c.min_points.desc())
        .limit(1)
        .scalar_subquery()
    )
    session.execute(update(ACCOUNTS).where(*scope).values(tier_code=tier))


def tier_names(*, session: Session, tenant: Tenant) -> dict[str, str]:
    rows = session.execute(select(TIERS.c.code, TIERS.c.name).where(TIERS.c.tenant_id == tenant.id))
    return {code: name for code, name in rows}
