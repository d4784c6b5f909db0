"""Collection metrics: collection rate, overdue amount and days sales outstanding.

Each is one statement over the tenant's instalments and payments for a period ``[start, end)``
of the tenant's calendar dates, in the tenant's currency (plans in other currencies are left
out rather than mixed).  Balances are taken *as of* the period's end from the payments dated
before it, so last quarter's figure does not change when this quarter's money comes in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlmodel import Session, col

from core.collections.models import CollectionInstalment, CollectionPayment
from core.models import Tenant
from core.records import Metric
from core.reminders.clock import day_start_utc

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _paid_before(end: date) -> Any:
    """What had been paid on each instalment before ``end``, as a correlated scalar."""
    return (
        select(func.coalesce(func.sum(CollectionPayment.amount), 0))
        .where(
            col(CollectionPayment.tenant_id) == col(CollectionInstalment.tenant_id),
            col(CollectionPayment.instalment_id) == col(CollectionInstalment.id),
            col(CollectionPayment.paid_on) < end,
        )
        .correlate(CollectionInstalment)
        .scalar_subquery()
    )


def _open_at(tenant: Tenant, end: date) -> Any:
    """An instalment's open amount at the start of ``end``: 0 once written off before then."""
    written_off = and_(
        col(CollectionInstalment.written_off_at).is_not(None),
        col(CollectionInstalment.written_off_at) < day_start_utc(tenant, end),
    )
    return case((written_off, 0), else_=col(CollectionInstalment.amount) - _paid_before(end))


def _mine(tenant: Tenant) -> list[Any]:
    return [
        col(CollectionInstalment.tenant_id) == tenant.id,
        col(CollectionInstalment.currency) == tenant.currency,
    ]


def collection_rate(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Of the money that fell due in the period, the share collected by the period's end."""
    due, collected = session.execute(
        select(func.sum(col(CollectionInstalment.amount)), func.sum(_paid_before(end))).where(
            *_mine(tenant), col(CollectionInstalment.due_on) >= start, col(CollectionInstalment.due_on) < end
        )
    ).one()
    if not due:
        return None
    return (Decimal(collected or 0) * HUNDRED / Decimal(due)).quantize(CENT)


def overdue_amount(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Money past its due date and still open when the period ended (None: nothing was due)."""
    total = session.execute(
        select(func.sum(_open_at(tenant, end))).where(*_mine(tenant), col(CollectionInstalment.due_on) < end)
    ).scalar()
    return None if total is None else Decimal(total).quantize(CENT)


def days_sales_outstanding(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Receivables open at the period's end ÷ amounts billed in the period × the period's days.

    Billed is the amount of instalments recorded in the period; a period that billed nothing has
    no DSO (None), not an infinite one."""
    lo, hi = day_start_utc(tenant, start), day_start_utc(tenant, end)
    created = col(CollectionInstalment.created_at)
    billed, open_ = session.execute(
        select(
            func.sum(case((and_(created >= lo, created < hi), col(CollectionInstalment.amount)), else_=0)),
            func.sum(case((created < hi, _open_at(tenant, end)), else_=0)),
        ).where(*_mine(tenant), created < hi)
    ).one()
    if not billed:
        return None
    days = Decimal((end - start).days)
    return (Decimal(open_ or 0) * days / Decimal(billed)).quantize(Decimal("0.1"))


def _m(key: str, title: str, fn: Any, unit: str, hans: str, hant: str) -> Metric:
    return Metric(key, title, fn, unit, {"zh_Hans": hans, "zh_Hant": hant})


COLLECTION_METRICS: list[Metric] = [
    _m("collection_rate", "Collection rate", collection_rate, "%", "回款率", "回款率"),
    _m("overdue_amount", "Overdue amount", overdue_amount, "currency", "逾期金额", "逾期金額"),
    _m(
        "days_sales_outstanding",
        "Days sales outstanding",
        days_sales_outstanding,
        "days",
        "应收账款周转天数",
        "應收帳款週轉天數",
    ),
]
