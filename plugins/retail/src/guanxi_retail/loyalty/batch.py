"""Earning for a batch of new orders (an import) in a fixed number of statements.

The rules are those of :mod:`.earning` (per amount, per category, the birthday bonus once a year)
and the ledger keeps its contract (:mod:`.ledger`): one row per award keyed by the order (or by
member and year for the birthday bonus) with the balance after it.  Instead of a savepoint and
three statements per order, the batch reads the members' balances once (locked on PostgreSQL; a
SQLite writer holds the database's write lock already), works out every award and running balance
in Python, and writes the ledger rows and the new balances with one ``executemany`` each, then
recomputes the batch's members' tiers in one ``UPDATE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from sdk import Customer, Tenant, utcnow
from sdk.importing import insert_rows

from .earning import _floor, _local_date, birthday_month
from .expiry import expiry_from, settings_of
from .models import LoyaltyAccount, LoyaltyEntry, LoyaltyRule
from .tiers import refresh_tiers

ACCOUNTS = LoyaltyAccount.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
LEDGER = LoyaltyEntry.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it


class NewOrder(NamedTuple):
    """An order just inserted: what its points depend on (lines as (category, amount) pairs)."""

    order_id: int
    customer_id: int
    ordered_at: datetime
    total: Decimal
    lines: Sequence[tuple[int | None, Decimal]]


def _points(rules: list[LoyaltyRule], order: NewOrder) -> int:
    points = sum(_floor(order.total * (r.rate or 0)) for r in rules if r.kind == "per_amount")
    for rule in rules:
        if rule.kind == "category" and rule.category_id is not None:
            amount = sum((a for c, a in order.lines if c == rule.category_id), Decimal("0"))
            points += _floor(amount * (rule.rate or 0))
    return points


def _birthday_awards(
    session: Session, tenant: Tenant, orders: Sequence[NewOrder], bonus: int
) -> list[tuple[NewOrder, str]]:
    """The orders that earn their member's birthday bonus: the first of the batch in the
    member's birthday month, unless that year's bonus is already in the ledger."""
    customers = {
        c.id: c
        for c in session.execute(
            select(Customer).where(col(Customer.id).in_({o.customer_id for o in orders}))
        ).scalars()
    }
    due: dict[str, NewOrder] = {}
    for order in orders:
        local = _local_date(order.ordered_at, tenant)
        customer = customers.get(order.customer_id)
        if customer is not None and birthday_month(customer, local.year) == local.month:
            due.setdefault(f"birthday:{order.customer_id}:{local.year}", order)
    if not due:
        return []
    paid = set(
        session.execute(
            select(LEDGER.c.idempotency_key).where(
                LEDGER.c.tenant_id == tenant.id, LEDGER.c.idempotency_key.in_(list(due))
            )
        ).scalars()
    )
    return [(order, key) for key, order in due.items() if key not in paid and bonus > 0]


def _balances(session: Session, tenant: Tenant, customer_ids: set[int]) -> dict[int, tuple[int, int]]:
    """(balance, qualifying points) per member, creating missing accounts, rows locked."""
    build = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # executemany of one cached statement: a multi-row VALUES would compile anew for every size
    session.connection().execute(
        build(ACCOUNTS).on_conflict_do_nothing(index_elements=["tenant_id", "customer_id"]),
        [
            {"tenant_id": tenant.id, "customer_id": c, "balance": 0, "qualifying_points": 0}
            for c in sorted(customer_ids)
        ],
    )
    rows = session.execute(
        select(ACCOUNTS.c.customer_id, ACCOUNTS.c.balance, ACCOUNTS.c.qualifying_points)
        .where(ACCOUNTS.c.tenant_id == tenant.id, ACCOUNTS.c.customer_id.in_(customer_ids))
        .order_by(ACCOUNTS.c.customer_id)
        .with_for_update()
    )
    return {customer_id: (balance, qualifying) for customer_id, balance, qualifying in rows}


def award_batch_points(*, session: Session, tenant: Tenant, orders: Sequence[NewOrder]) -> int:
    """Credit the points of ``orders`` (all new, in file order); return the points credited."""
    rules = list(
        session.execute(
            select(LoyaltyRule).where(
                col(LoyaltyRule.tenant_id) == tenant.id, col(LoyaltyRule.active).is_(True)
            )
        ).scalars()
    )
    if not rules or not orders:
        return 0
    settings = settings_of(session=session, tenant=tenant)
    awards: list[tuple[NewOrder, str, str, int, str]] = []  # order, kind, key, points, note
    for order in orders:
        points = _points(rules, order)
        if points > 0:
            awards.append((order, "earn", f"order:{order.order_id}", points, ""))
    bonus = sum(r.points or 0 for r in rules if r.kind == "birthday")
    if bonus > 0:
        for order, key in _birthday_awards(session, tenant, orders, bonus):
            awards.append((order, "bonus", key, bonus, "birthday"))
    if not awards:
        return 0
    balances = _balances(session, tenant, {order.customer_id for order, *_ in awards})
    now = utcnow()
    entries = []
    for order, kind, key, points, note in awards:
        balance, qualifying = balances[order.customer_id]
        balances[order.customer_id] = (balance + points, qualifying + points)
        entries.append(
            {
                "tenant_id": tenant.id,
                "customer_id": order.customer_id,
                "kind": kind,
                "points": points,
                "qualifying": points,
                "balance_after": balance + points,
                "idempotency_key": key,
                "order_id": order.order_id,
                "expires_at": expiry_from(settings, tenant, order.ordered_at),
                "note": note,
                "created_at": now,
            }
        )
    insert_rows(session=session, tenant=tenant, model=LEDGER, rows=entries)
    session.connection().execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.tenant_id == tenant.id, ACCOUNTS.c.customer_id == bindparam("member"))
        .values(
            balance=bindparam("new_balance"),
            qualifying_points=bindparam("new_qualifying"),
            last_activity_at=now,
        ),
        [
            {"member": customer_id, "new_balance": balance, "new_qualifying": qualifying}
            for customer_id, (balance, qualifying) in balances.items()
        ],
    )
    refresh_tiers(session=session, tenant=tenant, customer_ids=list(balances))
    return sum(points for *_, points, _note in awards)
