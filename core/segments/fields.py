"""Core's segment fields: tags, grade, owner, city, last interaction and total spend.

Each builds a condition over ``customers`` from a JSON-friendly value (what a saved segment
stores); a bad value raises ``ValueError`` in words a user can act on.  Packs add fields the same
way through ``guanxi_register_segment_fields``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlmodel import col

from core.models import Customer, Interaction, Tenant
from core.records import SegmentField
from core.reminders.clock import day_start_utc
from core.segments.sql import HasTag, purchase_totals


def _strings(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise ValueError("give a text or a non-empty list of texts")
    return items


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"'{value}' is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("give an amount of 0 or more")
    return amount


def tags_all(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    return and_(*(HasTag(Customer.tags, tag) for tag in _strings(value)))


def tags_any(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    return or_(*(HasTag(Customer.tags, tag) for tag in _strings(value)))


def grade(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    return col(Customer.grade).in_(_strings(value))


def city(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    return col(Customer.city).in_(_strings(value))


def owner(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    """An owner's user id, a list of them, or ``null`` for customers nobody owns."""
    if value is None:
        return col(Customer.owner_id).is_(None)
    ids = value if isinstance(value, list) else [value]
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise ValueError("give a user id, a list of user ids, or null for no owner")
    return col(Customer.owner_id).in_(ids)


def _interacted_since(tenant: Tenant, day: date) -> Any:
    return select(col(Interaction.customer_id)).where(
        col(Interaction.tenant_id) == tenant.id, col(Interaction.occurred_at) >= day_start_utc(tenant, day)
    )


def last_interaction_before(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    """No interaction on or after the date (customers never contacted included: dormant)."""
    return col(Customer.id).not_in(_interacted_since(tenant, _day(value)))


def last_interaction_after(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    """At least one interaction on or after the date (tenant's calendar)."""
    return col(Customer.id).in_(_interacted_since(tenant, _day(value)))


def spend_at_least(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    totals = purchase_totals(tenant).subquery()
    return col(Customer.id).in_(select(totals.c.customer_id).where(totals.c.total >= _money(value)))


def spend_at_most(*, tenant: Tenant, value: Any) -> ColumnElement[bool]:
    """Customers who never bought spent 0, so they match: exclude those above instead."""
    totals = purchase_totals(tenant).subquery()
    return col(Customer.id).not_in(select(totals.c.customer_id).where(totals.c.total > _money(value)))


CORE_FIELDS: list[SegmentField] = [
    SegmentField("tags", "Has all tags", tags_all, {"zh_Hans": "包含全部标签", "zh_Hant": "包含全部標籤"}),
    SegmentField("tags_any", "Has any tag", tags_any, {"zh_Hans": "包含任一标签", "zh_Hant": "包含任一標籤"}),
    SegmentField("grade", "Grade", grade, {"zh_Hans": "等级", "zh_Hant": "等級"}),
    SegmentField("owner_id", "Owner", owner, {"zh_Hans": "负责人", "zh_Hant": "負責人"}),
    SegmentField("city", "City", city, {"zh_Hans": "城市", "zh_Hant": "城市"}),
    SegmentField(
        "last_interaction_before",
        "No interaction since",
        last_interaction_before,
        {"zh_Hans": "此日期后无互动", "zh_Hant": "此日期後無互動"},
    ),
    SegmentField(
        "last_interaction_after",
        "Interaction since",
        last_interaction_after,
        {"zh_Hans": "此日期后有互动", "zh_Hant": "此日期後有互動"},
    ),
    SegmentField(
        "spend_min",
        "Total spend at least",
        spend_at_least,
        {"zh_Hans": "累计消费不少于", "zh_Hant": "累計消費不少於"},
    ),
    SegmentField(
        "spend_max",
        "Total spend at most",
        spend_at_most,
        {"zh_Hans": "累计消费不超过", "zh_Hant": "累計消費不超過"},
    ),
]
