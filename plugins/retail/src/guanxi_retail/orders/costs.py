"""What the goods on retail orders cost, per customer: the cost side of gross profit.

An order line keeps its cost as it was when sold (unit cost × quantity), so a later change of a
product's cost does not rewrite past margins.  Lines whose cost was unknown count as nothing:
their margin is unknown, not negative.  Every order also stands on the timeline as a purchase,
whose amount is the revenue these costs are set against.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from guanxi_retail.orders.models import RetailOrder, RetailOrderLine
from sdk import GoodsCostSource, Tenant


def order_line_costs(*, tenant: Tenant, lo: datetime, hi: datetime) -> Any:
    """``(customer_id, cost)`` of every line with a known cost on orders placed in ``[lo, hi)``."""
    return (
        select(col(RetailOrder.customer_id).label("customer_id"), col(RetailOrderLine.cost).label("cost"))
        .select_from(RetailOrderLine)
        .join(RetailOrder, col(RetailOrder.id) == col(RetailOrderLine.order_id))
        .where(
            col(RetailOrder.tenant_id) == tenant.id,
            col(RetailOrderLine.tenant_id) == tenant.id,
            col(RetailOrder.currency) == tenant.currency,
            col(RetailOrder.ordered_at) >= lo,
            col(RetailOrder.ordered_at) < hi,
            col(RetailOrderLine.cost).is_not(None),
        )
    )


goods_costs = [GoodsCostSource("retail.order_lines", order_line_costs)]
