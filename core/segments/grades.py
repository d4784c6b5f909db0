"""Customer grades (A/B/C...) by total purchase spend, applied set-based: one UPDATE per grade.

Thresholds map a grade to the minimum total spend (tenant currency) it needs, e.g.
``{"A": 10000, "B": 2000, "C": 0}``.  A customer gets the highest grade whose minimum they reach;
below the lowest minimum the grade is cleared.  Rows already holding the right grade are not
touched, so their version (optimistic editing) does not move without a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlmodel import Session, col

from core.errors import InvalidInput, Problem
from core.models import Customer, Tenant
from core.segments.sql import live_customers, purchase_totals
from core.types import utcnow


def parse_thresholds(thresholds: Mapping[str, Any]) -> list[tuple[str, Decimal]]:
    """Grades with their minimum spend, highest first; :class:`InvalidInput` names each bad one."""
    problems: list[Problem] = []
    parsed: list[tuple[str, Decimal]] = []
    if not thresholds:
        problems.append(Problem("thresholds", "give at least one grade and its minimum spend"))
    for grade, raw in thresholds.items():
        if not isinstance(grade, str) or not 1 <= len(grade) <= 8:
            problems.append(Problem(f"thresholds.{grade}", "a grade is 1 to 8 characters"))
            continue
        try:
            amount = Decimal(str(raw))
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite() or amount < 0:
            problems.append(Problem(f"thresholds.{grade}", f"'{raw}' is not an amount of 0 or more"))
            continue
        parsed.append((grade, amount))
    amounts = [a for _, a in parsed]
    if len(set(amounts)) != len(amounts):
        problems.append(Problem("thresholds", "two grades have the same minimum spend"))
    if problems:
        raise InvalidInput(problems)
    return sorted(parsed, key=lambda item: item[1], reverse=True)


def _spend_band(tenant: Tenant, low: Decimal, high: Decimal | None) -> ColumnElement[bool]:
    totals = purchase_totals(tenant).subquery()
    if low <= 0:  # customers without purchases spent 0: select by exclusion
        if high is None:
            return col(Customer.id).is_not(None)
        return col(Customer.id).not_in(select(totals.c.customer_id).where(totals.c.total >= high))
    band = select(totals.c.customer_id).where(totals.c.total >= low)
    if high is not None:
        band = band.where(totals.c.total < high)
    return col(Customer.id).in_(band)


def _set_grade(session: Session, tenant: Tenant, grade: str | None, band: ColumnElement[bool]) -> int:
    differs = (
        col(Customer.grade).is_not(None)
        if grade is None
        else or_(col(Customer.grade).is_(None), col(Customer.grade) != grade)
    )
    statement = (
        update(Customer)
        .where(live_customers(tenant), band, differs)
        .values(grade=grade, version=Customer.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount or 0  # type: ignore[attr-defined]  # DML executes to a CursorResult


def apply_grades(*, session: Session, tenant: Tenant, thresholds: Mapping[str, Any]) -> dict[str, int]:
    """Re-grade every customer of the tenant; returns how many rows each grade changed
    (``""`` counts grades cleared)."""
    ordered = parse_thresholds(thresholds)
    changed: dict[str, int] = {}
    high: Decimal | None = None
    for grade, low in ordered:
        changed[grade] = _set_grade(session, tenant, grade, _spend_band(tenant, low, high))
        high = low
    lowest = ordered[-1][1]
    if lowest > 0:
        changed[""] = _set_grade(session, tenant, None, _spend_band(tenant, Decimal(0), lowest))
    session.expire_all()
    return changed
