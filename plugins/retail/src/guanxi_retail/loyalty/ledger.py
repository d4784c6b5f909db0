"""Posting to the points ledger: the one place a member's balance changes.

The balance row is changed by a single conditional ``UPDATE ... WHERE balance + :points >= 0``: the
database serializes concurrent updates of the row (PostgreSQL takes a row lock and re-checks the
condition after a competing commit; SQLite holds its write lock), so two redemptions racing for
the last points cannot both succeed.  The ledger row is inserted in the same savepoint; a
duplicate ``idempotency_key`` (a retried request) rolls the savepoint back and returns the entry
that was recorded the first time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from sdk import Conflict, InvalidInput, Problem, Tenant, utcnow

from .models import LoyaltyAccount, LoyaltyEntry

ACCOUNTS = LoyaltyAccount.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
LEDGER = LoyaltyEntry.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
_KEY_MAX = 100


def _existing(session: Session, tenant: Tenant, key: str) -> LoyaltyEntry | None:
    return (
        session.execute(
            select(LoyaltyEntry).where(
                col(LoyaltyEntry.tenant_id) == tenant.id, col(LoyaltyEntry.idempotency_key) == key
            )
        )
        .scalars()
        .first()
    )


def _ensure_account(session: Session, tenant: Tenant, customer_id: int) -> None:
    """Create the member's balance row if missing; a concurrent creator winning is fine."""
    found = session.execute(
        select(ACCOUNTS.c.id).where(ACCOUNTS.c.tenant_id == tenant.id, ACCOUNTS.c.customer_id == customer_id)
    ).first()
    if found is not None:
        return
    try:
        with session.begin_nested():
            session.execute(
                insert(ACCOUNTS).values(
                    tenant_id=tenant.id, customer_id=customer_id, balance=0, qualifying_points=0
                )
            )
    except IntegrityError:
        pass


def post_entry(
    *,
    session: Session,
    tenant: Tenant,
    customer_id: int,
    kind: str,
    points: int,
    idempotency_key: str,
    qualifying: int = 0,
    order_id: int | None = None,
    expires_at: datetime | None = None,
    note: str = "",
) -> LoyaltyEntry:
    """Add ``points`` (negative to take away) to the member's balance and record it once.

    Raises :class:`InvalidInput` on ``points`` when the balance would go below zero, and
    :class:`Conflict` when the key was already used for a different change.
    """
    if not idempotency_key or len(idempotency_key) > _KEY_MAX:
        raise InvalidInput([Problem("idempotency_key", f"give a key of 1 to {_KEY_MAX} characters")])
    earlier = _existing(session, tenant, idempotency_key)
    if earlier is not None:
        return _same_or_conflict(earlier, customer_id, points)
    _ensure_account(session, tenant, customer_id)
    now = utcnow()
    try:
        with session.begin_nested():
            changed = session.execute(
                update(ACCOUNTS)
                .where(
                    ACCOUNTS.c.tenant_id == tenant.id,
                    ACCOUNTS.c.customer_id == customer_id,
                    ACCOUNTS.c.balance + points >= 0,
                )
                .values(
                    balance=ACCOUNTS.c.balance + points,
                    qualifying_points=ACCOUNTS.c.qualifying_points + qualifying,
                    last_activity_at=now if kind != "expire" else ACCOUNTS.c.last_activity_at,
                )
                .returning(ACCOUNTS.c.balance)
            ).first()
            if changed is None:
                available = session.execute(
                    select(ACCOUNTS.c.balance).where(
                        ACCOUNTS.c.tenant_id == tenant.id, ACCOUNTS.c.customer_id == customer_id
                    )
                ).scalar_one()
                raise InvalidInput([Problem("points", f"only {available} points are available")])
            entry = LoyaltyEntry(
                tenant_id=tenant.id,
                customer_id=customer_id,
                kind=kind,
                points=points,
                qualifying=qualifying,
                balance_after=changed[0],
                idempotency_key=idempotency_key,
                order_id=order_id,
                expires_at=expires_at,
                note=note[:200],
                created_at=now,
            )
            session.add(entry)
            session.flush()
    except IntegrityError:
        earlier = _existing(session, tenant, idempotency_key)
        if earlier is None:
            raise
        return _same_or_conflict(earlier, customer_id, points)
    return entry


def _same_or_conflict(entry: LoyaltyEntry, customer_id: int, points: int) -> LoyaltyEntry:
    if entry.customer_id != customer_id or entry.points != points:
        raise Conflict(f"idempotency key '{entry.idempotency_key}' was used for another change")
    return entry


def account_of(*, session: Session, tenant: Tenant, customer_id: int) -> LoyaltyAccount | None:
    return (
        session.execute(
            select(LoyaltyAccount).where(
                col(LoyaltyAccount.tenant_id) == tenant.id, col(LoyaltyAccount.customer_id) == customer_id
            )
        )
        .scalars()
        .first()
    )


def history(*, session: Session, tenant: Tenant, customer_id: int, limit: int = 50) -> list[LoyaltyEntry]:
    """The member's latest ledger entries, newest first."""
    return list(
        session.execute(
            select(LoyaltyEntry)
            .where(col(LoyaltyEntry.tenant_id) == tenant.id, col(LoyaltyEntry.customer_id) == customer_id)
            .order_by(col(LoyaltyEntry.id).desc())
            .limit(limit)
        ).scalars()
    )
