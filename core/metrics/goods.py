"""The cost of goods sold, per customer: core's recorded goods costs plus every enabled pack's.

Packs know what they sold at what cost (a shop's order lines); they say so through
``guanxi_register_goods_costs`` as a ``select`` of ``(customer_id, cost)``.  Core's own goods costs
are the ``costs`` rows of category ``goods`` tied to purchases on the timeline.  All of them are
combined with ``UNION ALL`` and summed in one statement, per tenant or per customer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, union_all
from sqlmodel import Session, col

from core.metrics.models import Cost, CostCategory
from core.models import Interaction, InteractionKind, Tenant
from core.packs.state import hooks_for
from core.reminders.clock import day_start_utc


def _core_goods(tenant: Tenant, lo: Any, hi: Any) -> Any:
    return (
        select(col(Interaction.customer_id).label("customer_id"), col(Cost.amount).label("cost"))
        .select_from(Cost)
        .join(Interaction, col(Interaction.id) == col(Cost.interaction_id))
        .where(
            col(Cost.tenant_id) == tenant.id,
            col(Cost.category) == CostCategory.goods.value,
            col(Cost.currency) == tenant.currency,
            col(Interaction.tenant_id) == tenant.id,
            col(Interaction.kind) == InteractionKind.purchase.value,
            col(Interaction.occurred_at) >= lo,
            col(Interaction.occurred_at) < hi,
        )
    )


def goods_costs(session: Session, tenant: Tenant, start: date, end: date) -> Any:
    """A subquery of ``(customer_id, cost)`` rows: every goods cost of sales in ``[start, end)``."""
    lo, hi = day_start_utc(tenant, start), day_start_utc(tenant, end)
    parts = [_core_goods(tenant, lo, hi)]
    parts += [
        source.query(tenant=tenant, lo=lo, hi=hi)
        for source in hooks_for(session, tenant).goods_costs(tenant=tenant)
    ]
    return union_all(*parts).subquery("goods")


def goods_cost_total(*, session: Session, tenant: Tenant, start: date, end: date) -> Decimal:
    goods = goods_costs(session, tenant, start, end)
    return Decimal(session.execute(select(func.coalesce(func.sum(goods.c.cost), 0))).scalar_one())


def goods_cost_by_customer(
    *, session: Session, tenant: Tenant, customer_ids: list[int], start: date, end: date
) -> dict[int, Decimal]:
    goods = goods_costs(session, tenant, start, end)
    rows = session.execute(
        select(goods.c.customer_id, func.sum(goods.c.cost))
        .where(goods.c.customer_id.in_(customer_ids))
        .group_by(goods.c.customer_id)
    )
    return {customer_id: Decimal(total) for customer_id, total in rows if total is not None}
