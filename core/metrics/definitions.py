"""Core's value metrics, each one set-based statement over the tenant's rows for a period.

Periods are the tenant's calendar dates ``[start, end)``.  Rates are percentages; money is in the
tenant's currency (purchases recorded in another currency are left out rather than mixed).  A
metric whose base is empty returns None: no customers last period is not a 0 % retention.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, case, distinct, func, or_, select
from sqlmodel import Session, col

from core.metrics.goods import goods_cost_by_customer, goods_cost_total
from core.metrics.models import Cost, CostCategory
from core.models import Customer, Interaction, InteractionKind, Tenant
from core.records import Metric
from core.reminders.clock import day_start_utc
from core.surveys.models import Survey

HUNDRED = Decimal(100)


def _bounds(tenant: Tenant, start: date, end: date) -> tuple[Any, Any]:
    return day_start_utc(tenant, start), day_start_utc(tenant, end)


def _purchases(tenant: Tenant, lo: Any, hi: Any) -> Select[int, Decimal | None, int | None]:
    return select(col(Interaction.customer_id), col(Interaction.amount), col(Interaction.id)).where(
        col(Interaction.tenant_id) == tenant.id,
        col(Interaction.kind) == InteractionKind.purchase.value,
        col(Interaction.occurred_at) >= lo,
        col(Interaction.occurred_at) < hi,
        or_(col(Interaction.currency) == tenant.currency, col(Interaction.currency).is_(None)),
    )


def _buyers(tenant: Tenant, lo: Any, hi: Any) -> Any:
    return _purchases(tenant, lo, hi).with_only_columns(col(Interaction.customer_id)).distinct().subquery()


def _ratio(part: Any, whole: Any, scale: Decimal = HUNDRED) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * scale / Decimal(whole)).quantize(Decimal("0.01"))


def _retention(session: Session, tenant: Tenant, start: date, end: date) -> tuple[int, int]:
    """(customers who bought in the previous period of equal length, of whom bought again)."""
    lo, hi = _bounds(tenant, start, end)
    prev_lo = day_start_utc(tenant, start - (end - start))
    before, now = _buyers(tenant, prev_lo, lo), _buyers(tenant, lo, hi)
    base, kept = session.execute(
        select(func.count(), func.count(now.c.customer_id)).select_from(
            before.outerjoin(now, now.c.customer_id == before.c.customer_id)
        )
    ).one()
    return base, kept


def retention_rate(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    base, kept = _retention(session, tenant, start, end)
    return _ratio(kept, base)


def churn_rate(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    base, kept = _retention(session, tenant, start, end)
    return _ratio(base - kept, base)


def repeat_purchase_rate(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Share of this period's buyers who bought at least twice in it."""
    lo, hi = _bounds(tenant, start, end)
    per = _purchases(tenant, lo, hi).subquery()
    counts = select(per.c.customer_id, func.count().label("n")).group_by(per.c.customer_id).subquery()
    buyers, repeat = session.execute(
        select(func.count(), func.sum(case((counts.c.n >= 2, 1), else_=0)))
    ).one()
    return _ratio(repeat, buyers)


def _answers(tenant: Tenant, kind: str, start: date, end: date) -> Any:
    lo, hi = _bounds(tenant, start, end)
    return (
        (Survey.tenant_id == tenant.id)
        & (Survey.kind == kind)
        & (Survey.answered_at >= lo)
        & (Survey.answered_at < hi)
    )


def csat(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Share of CSAT answers that are 4 or 5 (satisfied or very satisfied)."""
    total, happy = session.execute(
        select(func.count(), func.sum(case((col(Survey.score) >= 4, 1), else_=0))).where(
            _answers(tenant, "csat", start, end)
        )
    ).one()
    return _ratio(happy, total)


def nps(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Promoters (9–10) minus detractors (0–6), as a percentage of NPS answers: -100 to 100."""
    total, promoters, detractors = session.execute(
        select(
            func.count(),
            func.sum(case((col(Survey.score) >= 9, 1), else_=0)),
            func.sum(case((col(Survey.score) <= 6, 1), else_=0)),
        ).where(_answers(tenant, "nps", start, end))
    ).one()
    return _ratio((promoters or 0) - (detractors or 0), total)


def revenue_by_customer(
    *, session: Session, tenant: Tenant, customer_ids: list[int], start: date, end: date
) -> dict[int, Decimal]:
    """Each customer's purchases in the period, in the tenant's currency: one grouped statement.

    The customers lead the search (the timeline index: tenant, customer, time) and the kind and
    currency are checked while summing, so one customer's figure reads that customer's rows only.
    """
    lo, hi = _bounds(tenant, start, end)
    purchase = and_(
        col(Interaction.kind) == InteractionKind.purchase.value,
        or_(col(Interaction.currency) == tenant.currency, col(Interaction.currency).is_(None)),
    )
    rows = session.execute(
        select(col(Interaction.customer_id), func.sum(case((purchase, col(Interaction.amount)))))
        .where(
            # no tenant_id term of our own: the tenant session adds it, and SQLite, seeing it
            # twice, plans a range over the tenant's whole period instead of the customer's rows.
            # Customer ids are global keys, so the customers' rows are their tenant's anyway.
            col(Interaction.customer_id).in_(customer_ids),
            col(Interaction.occurred_at) >= lo,
            col(Interaction.occurred_at) < hi,
        )
        .group_by(col(Interaction.customer_id))
    )
    return {customer_id: Decimal(total) for customer_id, total in rows if total is not None}


def csat_by_customer(
    *, session: Session, tenant: Tenant, customer_ids: list[int], start: date, end: date
) -> dict[int, Decimal]:
    """Each customer's share of satisfied CSAT answers in the period: one grouped statement."""
    rows = session.execute(
        select(col(Survey.customer_id), func.count(), func.sum(case((col(Survey.score) >= 4, 1), else_=0)))
        .where(_answers(tenant, "csat", start, end), col(Survey.customer_id).in_(customer_ids))
        .group_by(col(Survey.customer_id))
    )
    return {
        customer_id: ratio
        for customer_id, total, happy in rows
        if (ratio := _ratio(happy, total)) is not None
    }


def _revenue_buyers(session: Session, tenant: Tenant, start: date, end: date) -> tuple[Any, int]:
    lo, hi = _bounds(tenant, start, end)
    per = _purchases(tenant, lo, hi).subquery()
    revenue, buyers = session.execute(
        select(func.coalesce(func.sum(per.c.amount), 0), func.count(distinct(per.c.customer_id)))
    ).one()
    return revenue, buyers


def revenue_per_customer(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    revenue, buyers = _revenue_buyers(session, tenant, start, end)
    return _ratio(revenue, buyers, Decimal(1))


def gross_profit_per_customer(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """(Revenue − cost of the goods sold: core's goods costs and the packs') per buying customer."""
    revenue, buyers = _revenue_buyers(session, tenant, start, end)
    cost = goods_cost_total(session=session, tenant=tenant, start=start, end=end)
    return _ratio(Decimal(revenue) - cost, buyers, Decimal(1))


def gross_profit_by_customer(
    *, session: Session, tenant: Tenant, customer_ids: list[int], start: date, end: date
) -> dict[int, Decimal]:
    """Each customer's purchases minus what the goods sold to them cost: two grouped statements."""
    revenue = revenue_by_customer(
        session=session, tenant=tenant, customer_ids=customer_ids, start=start, end=end
    )
    cost = goods_cost_by_customer(
        session=session, tenant=tenant, customer_ids=customer_ids, start=start, end=end
    )
    return {cid: revenue[cid] - cost.get(cid, Decimal(0)) for cid in revenue}


def _costs(tenant: Tenant, category: CostCategory, start: date, end: date) -> Any:
    return (
        select(func.coalesce(func.sum(Cost.amount), 0))
        .where(
            col(Cost.tenant_id) == tenant.id,
            col(Cost.category) == category.value,
            col(Cost.currency) == tenant.currency,
            col(Cost.incurred_on) >= start,
            col(Cost.incurred_on) < end,
        )
        .scalar_subquery()
    )


def cost_to_acquire(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Acquisition spending per customer gained in the period."""
    lo, hi = _bounds(tenant, start, end)
    spent, gained = session.execute(
        select(_costs(tenant, CostCategory.acquire, start, end), func.count(col(Customer.id))).where(
            col(Customer.tenant_id) == tenant.id,
            col(Customer.created_at) >= lo,
            col(Customer.created_at) < hi,
        )
    ).one()
    return _ratio(spent, gained, Decimal(1))


def cost_to_retain(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal | None:
    """Retention spending per existing customer (created before the period) who bought in it."""
    lo, hi = _bounds(tenant, start, end)
    buyers = _buyers(tenant, lo, hi)
    spent, kept = session.execute(
        select(_costs(tenant, CostCategory.retain, start, end), func.count(col(Customer.id)))
        .select_from(Customer)
        .join(buyers, buyers.c.customer_id == Customer.id)
        .where(col(Customer.tenant_id) == tenant.id, col(Customer.created_at) < lo)
    ).one()
    return _ratio(spent, kept, Decimal(1))


def _m(key: str, title: str, fn: Any, unit: str, hans: str, hant: str, per_customer: Any = None) -> Metric:
    return Metric(key, title, fn, unit, {"zh_Hans": hans, "zh_Hant": hant}, per_customer)


CORE_METRICS: list[Metric] = [
    _m("retention_rate", "Retention rate", retention_rate, "%", "留存率", "留存率"),
    _m("churn_rate", "Churn rate", churn_rate, "%", "流失率", "流失率"),
    _m("repeat_purchase_rate", "Repeat-purchase rate", repeat_purchase_rate, "%", "复购率", "回購率"),
    _m("csat", "CSAT (satisfied)", csat, "%", "满意度", "滿意度", csat_by_customer),
    _m("nps", "Net Promoter Score", nps, "", "净推荐值", "淨推薦值"),
    _m(
        "revenue_per_customer",
        "Revenue per customer",
        revenue_per_customer,
        "currency",
        "客均收入",
        "客均收入",
        revenue_by_customer,
    ),
    _m(
        "gross_profit_per_customer",
        "Gross profit per customer",
        gross_profit_per_customer,
        "currency",
        "客均毛利",
        "客均毛利",
        gross_profit_by_customer,
    ),
    _m("cost_to_acquire", "Cost to acquire a customer", cost_to_acquire, "currency", "获客成本", "獲客成本"),
    _m("cost_to_retain", "Cost to retain a customer", cost_to_retain, "currency", "留客成本", "留客成本"),
]
