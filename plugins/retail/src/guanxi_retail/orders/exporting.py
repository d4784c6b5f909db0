"""Export retail orders as rows the ``retail-orders`` import accepts unchanged.

One row per order line (an order without lines is one row with its ``total``).  The order number
is the shop's, or ``guanxi:<id>`` for an order recorded without one, so importing the export finds
every order stored and creates nothing.  The customer is named by external id, else phone, else
name.  Orders are read in pages of a thousand by id, each page with its lines in one more query,
and only those of customers the caller may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, true
from sqlmodel import Session, col

from sdk import Customer, Tenant, visible_to

from ..catalog.models import RetailProduct
from .models import RetailOrder, RetailOrderLine

PAGE = 1000


def _lines(session: Session, order_ids: list[int]) -> dict[int, list[Any]]:
    rows = session.execute(
        select(
            col(RetailOrderLine.order_id),
            col(RetailProduct.sku),
            col(RetailOrderLine.quantity),
            col(RetailOrderLine.unit_price),
        )
        .join(RetailProduct, col(RetailProduct.id) == col(RetailOrderLine.product_id))
        .where(col(RetailOrderLine.order_id).in_(order_ids))
        .order_by(col(RetailOrderLine.order_id), col(RetailOrderLine.id))
    )
    found: dict[int, list[Any]] = {}
    for row in rows:
        found.setdefault(row.order_id, []).append(row)
    return found


def export_orders(*, session: Session, tenant: Tenant, caller: Any = None) -> Iterator[dict[str, str]]:
    """The tenant's orders the caller may see (all for ``caller=None``, an operator), as rows."""
    from .importing import OWN_REF

    zone = ZoneInfo(tenant.timezone)
    visible = visible_to(caller, RetailOrder.customer_id) if caller is not None else true()
    after = 0
    while True:
        orders = session.execute(
            select(
                col(RetailOrder.id),
                col(RetailOrder.external_ref),
                col(RetailOrder.ordered_at),
                col(RetailOrder.store),
                col(RetailOrder.channel),
                col(RetailOrder.total),
                col(Customer.external_id),
                col(Customer.phone),
                col(Customer.name),
            )
            .join(Customer, col(Customer.id) == col(RetailOrder.customer_id))
            .where(col(RetailOrder.id) > after, visible)
            .order_by(col(RetailOrder.id))
            .limit(PAGE)
        ).all()
        if not orders:
            return
        lines = _lines(session, [o.id for o in orders])
        for order in orders:
            head = {
                "order_ref": order.external_ref or f"{OWN_REF}{order.id}",
                "customer": order.external_id or order.phone or order.name,
                "ordered_at": order.ordered_at.astimezone(zone).isoformat(),
                "store": order.store or "",
                "channel": order.channel or "",
            }
            if order.id not in lines:
                yield {**head, "sku": "", "quantity": "", "unit_price": "", "total": str(order.total)}
            for line in lines.get(order.id, []):
                yield {
                    **head,
                    "sku": line.sku,
                    "quantity": str(line.quantity),
                    "unit_price": str(line.unit_price),
                    "total": "",
                }
        after = orders[-1].id
