"""Earning: the points an order brings under the tenant's active rules.

* ``per_amount``: ``rate`` points per currency unit of the order total (rounded down);
* ``category``: ``rate`` extra points per unit on lines whose product is in that category;
* ``birthday``: ``points`` once a year, on the first order in the member's birthday month
  (for lunar birthdays, the month this year's lunar birthday falls in).

All earned points qualify for tiers.  Each award is keyed by the order (or by member and year for
the birthday bonus), so recording the same order twice cannot pay twice.  A tenant without rules
runs no loyalty programme and this does nothing beyond one query.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session, col

from sdk import Customer, Tenant, next_lunar_birthday

from ..catalog.models import RetailProduct
from ..orders.models import RetailOrder, RetailOrderLine
from .expiry import expiry_for
from .ledger import post_entry
from .models import LoyaltyRule
from .tiers import refresh_tiers


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def _categories(session: Session, lines: list[RetailOrderLine]) -> dict[int, int | None]:
    ids = {line.product_id for line in lines}
    if not ids:
        return {}
    rows = session.execute(
        select(col(RetailProduct.id), col(RetailProduct.category_id)).where(col(RetailProduct.id).in_(ids))
    )
    return {product_id: category_id for product_id, category_id in rows}


def order_points(
    *, session: Session, rules: list[LoyaltyRule], order: RetailOrder, lines: list[RetailOrderLine]
) -> int:
    """Points for ``order`` under the per-amount and category rules."""
    points = sum(_floor(order.total * (r.rate or 0)) for r in rules if r.kind == "per_amount")
    by_category = [r for r in rules if r.kind == "category" and r.category_id is not None]
    if by_category and lines:
        category_of = _categories(session, lines)
        for rule in by_category:
            amount = sum(
                (line.amount for line in lines if category_of.get(line.product_id) == rule.category_id),
                Decimal("0"),
            )
            points += _floor(amount * (rule.rate or 0))
    return points


def birthday_month(customer: Customer, year: int) -> int | None:
    """The month the member celebrates their birthday in ``year``."""
    if customer.birthday_lunar and customer.lunar_birth_month and customer.lunar_birth_day:
        day = next_lunar_birthday(
            customer.lunar_birth_month,
            customer.lunar_birth_day,
            bool(customer.lunar_birth_leap),
            date(year, 1, 1),
        )
        return day.month if day.year == year else None
    return customer.birthday.month if customer.birthday else None


def award_order_points(
    *,
    session: Session,
    tenant: Tenant,
    order: RetailOrder,
    lines: list[RetailOrderLine],
    customer: Customer | None = None,
) -> int:
    """Credit the order's points (and a due birthday bonus); return the points credited."""
    rules = list(
        session.execute(
            select(LoyaltyRule).where(
                col(LoyaltyRule.tenant_id) == tenant.id, col(LoyaltyRule.active).is_(True)
            )
        ).scalars()
    )
    if not rules:
        return 0
    earned_at = order.ordered_at
    expires_at = expiry_for(session=session, tenant=tenant, earned_at=earned_at)
    total = 0
    points = order_points(session=session, rules=rules, order=order, lines=lines)
    if points > 0:
        post_entry(
            session=session,
            tenant=tenant,
            customer_id=order.customer_id,
            kind="earn",
            points=points,
            qualifying=points,
            idempotency_key=f"order:{order.id}",
            order_id=order.id,
            expires_at=expires_at,
        )
        total += points
    total += _birthday_bonus(session, tenant, order, rules, customer, expires_at)
    if total:
        refresh_tiers(session=session, tenant=tenant, customer_ids=[order.customer_id])
    return total


def _birthday_bonus(
    session: Session,
    tenant: Tenant,
    order: RetailOrder,
    rules: list[LoyaltyRule],
    customer: Customer | None,
    expires_at: datetime | None,
) -> int:
    bonus = sum(r.points or 0 for r in rules if r.kind == "birthday")
    if bonus <= 0:
        return 0
    customer = customer or session.get(Customer, order.customer_id)
    local: date = _local_date(order.ordered_at, tenant)
    if customer is None or birthday_month(customer, local.year) != local.month:
        return 0
    entry = post_entry(
        session=session,
        tenant=tenant,
        customer_id=order.customer_id,
        kind="bonus",
        points=bonus,
        qualifying=bonus,
        idempotency_key=f"birthday:{order.customer_id}:{local.year}",
        order_id=order.id,
        expires_at=expires_at,
        note="birthday",
    )
    return bonus if entry.order_id == order.id else 0


def _local_date(moment: Any, tenant: Tenant) -> date:
    return moment.astimezone(ZoneInfo(tenant.timezone)).date()
