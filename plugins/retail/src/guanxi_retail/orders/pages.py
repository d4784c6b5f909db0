"""The orders page under ``/retail/orders``: the latest orders with their lines.

Read-only: orders are recorded through the API, the import and the till.  A rep sees only the
orders of customers they may see (``sdk.visible_to``).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from sdk import visible_to
from sdk.web import PageContext

from .lines import lines_of
from .models import RetailOrder
from .service import list_orders

router = APIRouter()


@router.get("/orders")
def orders_page(page: PageContext, before_id: int | None = None, from_id: int | None = None) -> Response:
    """The latest orders; ``from_id`` starts the list at one order (the timeline links there)."""
    if from_id is not None:
        before_id = from_id + 1
    orders = list_orders(
        session=page.session, visible=visible_to(page, RetailOrder.customer_id), before_id=before_id, limit=50
    )
    lines = lines_of(session=page.session, order_ids=[o.id for o in orders if o.id is not None])
    return page.render("retail/orders.html", orders=orders, lines=lines)
