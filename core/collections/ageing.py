"""What is open, and how late: the ageing table, the open instalments list, a customer's balance.

Each is one statement over ``collection_instalments`` (joined to customers for names, owners and
the record rule), grouped in SQL; amounts stay per currency, never added across currencies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from core.collections.models import CollectionInstalment, CollectionPlan
from core.collections.status import BUCKETS, bucket_expression, open_condition
from core.models import Customer

ZERO = Decimal("0.00")
OPEN = col(CollectionInstalment.amount) - col(CollectionInstalment.paid_amount)


@dataclass(frozen=True)
class OpenInstalment:
    id: int
    plan_id: int
    plan_title: str
    customer_id: int
    customer_name: str
    owner_id: int | None
    seq: int
    due_on: date
    amount: Decimal
    paid_amount: Decimal
    currency: str
    bucket: str

    @property
    def open(self) -> Decimal:
        return self.amount - self.paid_amount


def _scope(query: Any, visible: Any, owner_id: int | None) -> Any:
    query = query.join(Customer, col(Customer.id) == col(CollectionInstalment.customer_id)).where(
        open_condition(), col(Customer.deleted_at).is_(None), visible
    )
    if owner_id is not None:
        query = query.where(col(Customer.owner_id) == owner_id)
    return query


def ageing(
    *, session: Session, visible: Any, today: date, owner_id: int | None = None
) -> dict[str, dict[str, Decimal]]:
    """``{currency: {bucket: open amount}}`` with every bucket present, plus ``total``."""
    bucket = bucket_expression(today).label("bucket")
    query = _scope(
        select(col(CollectionInstalment.currency), bucket, func.sum(OPEN)), visible, owner_id
    ).group_by(col(CollectionInstalment.currency), bucket)
    table: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {key: ZERO for key, _ in BUCKETS} | {"total": ZERO}
    )
    for currency, key, amount in session.execute(query):
        table[currency][key] += Decimal(amount)
        table[currency]["total"] += Decimal(amount)
    return dict(sorted(table.items()))


def open_instalments(
    *,
    session: Session,
    visible: Any,
    today: date,
    owner_id: int | None = None,
    bucket: str | None = None,
    limit: int = 200,
) -> list[OpenInstalment]:
    """Open instalments, most overdue first."""
    key = bucket_expression(today)
    query = _scope(
        select(
            col(CollectionInstalment.id),
            col(CollectionInstalment.plan_id),
            col(CollectionPlan.title),
            col(CollectionInstalment.customer_id),
            col(Customer.name),
            col(Customer.owner_id),
            col(CollectionInstalment.seq),
            col(CollectionInstalment.due_on),
            col(CollectionInstalment.amount),
            col(CollectionInstalment.paid_amount),
            col(CollectionInstalment.currency),
            key,
        ).join(CollectionPlan, col(CollectionPlan.id) == col(CollectionInstalment.plan_id)),
        visible,
        owner_id,
    )
    if bucket is not None:
        query = query.where(key == bucket)
    query = query.order_by(col(CollectionInstalment.due_on), col(CollectionInstalment.id)).limit(limit)
    return [OpenInstalment(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class Balance:
    currency: str
    outstanding: Decimal
    overdue: Decimal


def customer_balances(*, session: Session, customer_id: int, today: date) -> list[Balance]:
    """What the customer still owes per currency, and how much of it is past due."""
    late = case((col(CollectionInstalment.due_on) < today, OPEN), else_=0)
    rows = session.execute(
        select(col(CollectionInstalment.currency), func.sum(OPEN), func.sum(late))
        .where(col(CollectionInstalment.customer_id) == customer_id, open_condition())
        .group_by(col(CollectionInstalment.currency))
        .order_by(col(CollectionInstalment.currency))
    )
    return [Balance(currency, Decimal(total), Decimal(late_sum or 0)) for currency, total, late_sum in rows]
