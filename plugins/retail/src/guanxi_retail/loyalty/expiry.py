"""Point expiry, for a whole tenant in a few statements.

* ``fixed_date``: points earned in year Y expire on (``expiry_month``, ``expiry_day``) of Y+1, in
  the tenant's time zone (a common "积分次年年底清零" rule).  Redemptions use the oldest points
  first, so what is left of a balance is its newest points: the part of a balance larger than the
  points that have not expired yet is what expires.
* ``inactivity``: a member who neither earned nor redeemed for ``inactivity_days`` loses the
  whole balance.

Each expiry is a ledger row keyed ``expire:<customer>:<date>`` written with ``INSERT ... SELECT``,
then the balances follow from those rows; running twice on a day changes nothing.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import String, bindparam, cast, exists, func, insert, literal, or_, select, update
from sqlmodel import Session

from sdk import Tenant, utcnow

from .models import LoyaltyAccount, LoyaltyEntry, LoyaltySettings
from .tiers import refresh_tiers

ACCOUNTS = LoyaltyAccount.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
LEDGER = LoyaltyEntry.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it


def settings_of(*, session: Session, tenant: Tenant) -> LoyaltySettings:
    """The tenant's expiry settings (never expire until set)."""
    found = session.get(LoyaltySettings, tenant.id)
    return found or LoyaltySettings(tenant_id=tenant.id)


def expiry_for(*, session: Session, tenant: Tenant, earned_at: datetime) -> datetime | None:
    """When points earned at ``earned_at`` expire under a fixed-date rule (else ``None``)."""
    return expiry_from(settings_of(session=session, tenant=tenant), tenant, earned_at)


def expiry_from(settings: LoyaltySettings, tenant: Tenant, earned_at: datetime) -> datetime | None:
    """:func:`expiry_for` with the settings already read (a batch reads them once)."""
    if settings.expiry_mode != "fixed_date" or not settings.expiry_month or not settings.expiry_day:
        return None
    zone = ZoneInfo(tenant.timezone)
    year = earned_at.astimezone(zone).year + 1
    day = min(settings.expiry_day, calendar.monthrange(year, settings.expiry_month)[1])
    end = datetime.combine(date(year, settings.expiry_month, day), time.min, tzinfo=zone)
    return (end + timedelta(days=1)).astimezone(UTC)


def _excess(tenant: Tenant, now: datetime, settings: LoyaltySettings):
    """Per account, the points that expire now (a SQL expression over ``ACCOUNTS``)."""
    if settings.expiry_mode == "inactivity" and settings.inactivity_days:
        cutoff = now - timedelta(days=settings.inactivity_days)
        return ACCOUNTS.c.balance, ACCOUNTS.c.last_activity_at < cutoff
    still_valid = (
        select(func.coalesce(func.sum(LEDGER.c.points), 0))
        .where(
            LEDGER.c.tenant_id == tenant.id,
            LEDGER.c.customer_id == ACCOUNTS.c.customer_id,
            LEDGER.c.points > 0,
            or_(LEDGER.c.expires_at.is_(None), LEDGER.c.expires_at > now),
        )
        .scalar_subquery()
    )
    excess = ACCOUNTS.c.balance - still_valid
    return excess, excess > 0


def expire_points(*, session: Session, tenant: Tenant, now: datetime | None = None) -> int:
    """Write off expired points for every member of the tenant; return how many members lost some.

    One query finds every member's expiring points; the ledger rows and the balance changes are
    then written as two batched statements.  A balance that moved since cannot go negative: the
    update is conditional, like every other change of a balance.
    """
    settings = settings_of(session=session, tenant=tenant)
    if settings.expiry_mode == "never":
        return 0
    now = now or utcnow()
    day = now.astimezone(ZoneInfo(tenant.timezone)).date().isoformat()
    key = literal("expire:") + cast(ACCOUNTS.c.customer_id, String) + literal(f":{day}")
    excess, due = _excess(tenant, now, settings)
    already = exists().where(LEDGER.c.tenant_id == tenant.id, LEDGER.c.idempotency_key == key)
    found = session.execute(
        select(ACCOUNTS.c.customer_id, ACCOUNTS.c.balance, excess)
        .where(ACCOUNTS.c.tenant_id == tenant.id, ACCOUNTS.c.balance > 0, due, ~already)
        .with_for_update()
    ).all()
    if not found:
        return 0
    session.execute(
        insert(LEDGER),
        [
            {
                "tenant_id": tenant.id,
                "customer_id": customer_id,
                "kind": "expire",
                "points": -lost,
                "qualifying": 0,
                "balance_after": balance - lost,
                "idempotency_key": f"expire:{customer_id}:{day}",
                "note": "expired",
                "created_at": now,
            }
            for customer_id, balance, lost in found
        ],
    )
    session.execute(
        update(ACCOUNTS)
        .where(
            ACCOUNTS.c.tenant_id == tenant.id,
            ACCOUNTS.c.customer_id == bindparam("member"),
            ACCOUNTS.c.balance >= bindparam("lost"),
        )
        .values(balance=ACCOUNTS.c.balance - bindparam("lost")),
        [{"member": customer_id, "lost": lost} for customer_id, _balance, lost in found],
        execution_options={"synchronize_session": False},
    )
    refresh_tiers(session=session, tenant=tenant, now=now)
    return len(found)
