"""Returns: money given back on an order, never more than was paid for it (or for the product).

Returns follow their order's customer: ``visible`` (``sdk.visible_to(caller,
RetailOrder.customer_id)``) hides other reps' orders, so recording on one answers 404.

The order row is locked (``FOR UPDATE`` on PostgreSQL; SQLite serializes writers) before the sum
of earlier returns is read, so two returns racing on one order cannot together exceed its total.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, func, true
from sqlmodel import Session, col, select

from sdk import InvalidInput, NotFound, Problem, Tenant, utcnow

from .models import RetailOrder, RetailOrderLine, RetailReturn

_CENT = Decimal("0.01")


def record_return(
    *,
    session: Session,
    tenant: Tenant,
    order_id: int,
    amount: Decimal,
    visible: ColumnElement[bool] = true(),
    product_id: int | None = None,
    quantity: int | None = None,
    reason: str | None = None,
    returned_at: datetime | None = None,
) -> RetailReturn:
    """Record money returned on ``order_id``; the limit is the order total, or the product's lines."""
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(_CENT):
        raise InvalidInput([Problem("amount", "must be more than 0 with at most 2 decimals")])
    if returned_at is not None and returned_at.tzinfo is None:
        raise InvalidInput([Problem("returned_at", "give a time zone (e.g. 2026-05-01T10:00+08:00)")])
    order = session.exec(
        select(RetailOrder).where(RetailOrder.id == order_id, visible).with_for_update(of=RetailOrder)
    ).first()
    if order is None:
        raise NotFound(f"order {order_id} not found")
    limit = order.total
    earlier = select(func.coalesce(func.sum(RetailReturn.amount), 0)).where(RetailReturn.order_id == order_id)
    if product_id is not None:
        limit = session.exec(
            select(func.coalesce(func.sum(RetailOrderLine.amount), 0)).where(
                RetailOrderLine.order_id == order_id, RetailOrderLine.product_id == product_id
            )
        ).one()
        if not limit:
            reason_text = f"order {order_id} has no line for product {product_id}"
            raise InvalidInput([Problem("product_id", reason_text)])
        earlier = earlier.where(RetailReturn.product_id == product_id)
    already = Decimal(session.exec(earlier).one())
    if already + amount > Decimal(limit):
        left = Decimal(limit) - already
        raise InvalidInput([Problem("amount", f"at most {left:.2f} can still be returned")])
    returned = RetailReturn(
        tenant_id=tenant.id,
        order_id=order_id,
        product_id=product_id,
        quantity=quantity,
        amount=amount,
        reason=reason,
        returned_at=returned_at or utcnow(),
    )
    session.add(returned)
    session.flush()
    return returned


def list_returns(
    *, session: Session, visible: ColumnElement[bool] = true(), order_id: int | None = None, limit: int = 100
) -> list[RetailReturn]:
    """Returns newest first; ``visible`` is a condition on the returned order (``RetailOrder``)."""
    statement = (
        select(RetailReturn).join(RetailOrder, col(RetailOrder.id) == RetailReturn.order_id).where(visible)
    )
    if order_id is not None:
        statement = statement.where(RetailReturn.order_id == order_id)
    return list(
        session.exec(statement.order_by(col(RetailReturn.id).desc()).limit(max(1, min(limit, 500)))).all()
    )
