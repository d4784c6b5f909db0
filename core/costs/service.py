"""Recorded costs of winning and keeping customers: what makes CAC and retention cost real.

A cost is money spent in a period (dated on the period's first day) on acquiring or retaining
customers, of a kind (marketing, promotion, service, gift, other), for the whole firm or for one
campaign, segment or customer.  ``cost_to_acquire`` and ``cost_to_retain`` (core.metrics) sum them.

Record rules: a cost about one customer is seen only by those who may see that customer; costs
about no customer (the firm's marketing) are seen by callers who see every customer
(``customers:all``), as they are figures about the whole firm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, func, true
from sqlmodel import Session, col, select

from core.customers.access import Caller, customer_conditions, visible_customer, visible_to
from core.errors import InvalidInput, NotFound, Problem
from core.metrics.models import Cost, CostCategory, CostKind
from core.models import Tenant
from core.segments.models import Segment

#: The categories a person records; ``goods`` costs come with purchases (packs, imports).
RECORDED = (CostCategory.acquire.value, CostCategory.retain.value)
KINDS = tuple(kind.value for kind in CostKind)
MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class Installation:
    """The caller when the installation itself acts (the CLI, jobs): it sees every cost."""

    session: Session
    user: None = None
    permissions: frozenset[str] = frozenset({"customers:all"})


@dataclass(frozen=True)
class CostInput:
    """A cost as typed into a form, an API body, a CLI or an import row (strings allowed)."""

    category: str
    amount: Any
    incurred_on: Any
    kind: str = CostKind.other.value
    currency: str | None = None
    customer_id: int | None = None
    segment_id: int | None = None
    campaign: str = ""
    note: str = ""


def _amount(value: Any, problems: list[Problem]) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        problems.append(Problem("amount", "a number such as 1200.50"))
        return None
    if (
        not amount.is_finite()
        or amount <= 0
        or amount > MAX_AMOUNT
        or amount != amount.quantize(Decimal("0.01"))
    ):
        problems.append(Problem("amount", "a positive amount with at most two decimals"))
        return None
    return amount


def _date(value: Any, problems: list[Problem]) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(Problem("incurred_on", "a date (YYYY-MM-DD)"))
        return None


def validate_cost(*, session: Session, tenant: Tenant, caller: Caller | None, data: CostInput) -> Cost:
    """The cost to store, or :class:`InvalidInput` naming every bad field.

    A customer the caller may not see answers like a missing one (``customer_id: not found``)."""
    problems: list[Problem] = []
    if data.category not in RECORDED:
        problems.append(Problem("category", "acquire or retain"))
    if data.kind not in KINDS:
        problems.append(Problem("kind", "one of " + ", ".join(KINDS)))
    amount = _amount(data.amount, problems)
    incurred_on = _date(data.incurred_on, problems)
    currency = (data.currency or tenant.currency).strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        problems.append(Problem("currency", "a three-letter currency code such as CNY"))
    if len(data.campaign) > 100:
        problems.append(Problem("campaign", "at most 100 characters"))
    if len(data.note) > 500:
        problems.append(Problem("note", "at most 500 characters"))
    if data.customer_id is not None:
        try:
            visible_customer(
                session=session,
                user=caller.user if caller else None,
                permissions=caller.permissions if caller else frozenset({"customers:all"}),
                customer_id=data.customer_id,
            )
        except NotFound:
            problems.append(Problem("customer_id", "not found"))
    if data.segment_id is not None and session.get(Segment, data.segment_id) is None:
        problems.append(Problem("segment_id", "not found"))
    if problems:
        raise InvalidInput(problems)
    assert amount is not None and incurred_on is not None
    return Cost(
        tenant_id=tenant.id,
        category=data.category,
        kind=data.kind,
        amount=amount,
        currency=currency,
        incurred_on=incurred_on,
        customer_id=data.customer_id,
        segment_id=data.segment_id,
        campaign=data.campaign.strip(),
        note=data.note.strip(),
    )


def record_cost(
    *, session: Session, tenant: Tenant, caller: Caller | None, data: CostInput, actor: str
) -> Cost:
    """Validate and store one cost (flushed; the caller's unit of work commits)."""
    cost = validate_cost(session=session, tenant=tenant, caller=caller, data=data)
    cost.created_by = actor or None
    session.add(cost)
    session.flush()
    return cost


def _visible(caller: Caller) -> ColumnElement[bool]:
    """Costs the caller may read: about a customer they may see, or firm-wide if they see all."""
    if not customer_conditions(caller.user, caller.permissions):
        return true()
    return col(Cost.customer_id).is_not(None) & visible_to(caller, col(Cost.customer_id))


@dataclass(frozen=True)
class CostFilter:
    start: date | None = None
    end: date | None = None
    category: str | None = None
    kind: str | None = None
    customer_id: int | None = None
    segment_id: int | None = None
    campaign: str | None = None


def _conditions(caller: Caller, where: CostFilter) -> list[Any]:
    conditions: list[Any] = [
        _visible(caller),
        col(Cost.category).in_(RECORDED if where.category is None else (where.category,)),
    ]
    if where.start is not None:
        conditions.append(col(Cost.incurred_on) >= where.start)
    if where.end is not None:
        conditions.append(col(Cost.incurred_on) < where.end)
    if where.kind:
        conditions.append(col(Cost.kind) == where.kind)
    if where.customer_id is not None:
        conditions.append(col(Cost.customer_id) == where.customer_id)
    if where.segment_id is not None:
        conditions.append(col(Cost.segment_id) == where.segment_id)
    if where.campaign:
        conditions.append(col(Cost.campaign) == where.campaign)
    return conditions


def list_costs(*, caller: Caller, where: CostFilter, limit: int = 100, offset: int = 0) -> Sequence[Cost]:
    """The costs the caller may see, newest first."""
    return caller.session.exec(
        select(Cost)
        .where(*_conditions(caller, where))
        .order_by(col(Cost.incurred_on).desc(), col(Cost.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()


def cost_totals(*, caller: Caller, where: CostFilter) -> list[tuple[str, str, str, Decimal]]:
    """(category, kind, currency, total) of the costs the caller may see: one grouped statement."""
    rows = caller.session.execute(
        select(col(Cost.category), col(Cost.kind), col(Cost.currency), func.sum(col(Cost.amount)))
        .where(*_conditions(caller, where))
        .group_by(col(Cost.category), col(Cost.kind), col(Cost.currency))
        .order_by(col(Cost.category), col(Cost.kind), col(Cost.currency))
    ).all()
    return [(category, kind, currency, Decimal(total)) for category, kind, currency, total in rows]


def get_cost(*, caller: Caller, cost_id: int) -> Cost:
    cost = caller.session.exec(
        select(Cost).where(col(Cost.id) == cost_id, col(Cost.category).in_(RECORDED), _visible(caller))
    ).first()
    if cost is None:
        raise NotFound(f"cost {cost_id} not found")
    return cost


def delete_cost(*, caller: Caller, cost_id: int) -> None:
    caller.session.delete(get_cost(caller=caller, cost_id=cost_id))
    caller.session.flush()
