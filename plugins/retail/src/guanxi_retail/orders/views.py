"""Retail API, mounted under ``/api/v1/retail/``: list and record orders with their lines, and returns.

Handlers only translate HTTP to service calls; the request context commits once afterwards.  A rep
lists only their customers' orders and records orders only for customers they may see.  Returns
belong to an order, so they follow its customer's record rule: a rep lists and records returns only
on orders of customers they may see (another's order answers 404 like a missing one).
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlmodel import Session

from sdk import require_visible_customer, visible_to

from ..access import Reader, Seller
from ..analytics.views import router as analytics_router
from .lines import LineInput, lines_of
from .models import RetailOrder
from .returns import list_returns, record_return
from .schemas import OrderLinePublic, RetailOrderCreate, RetailOrderPublic, ReturnCreate, ReturnPublic
from .service import create_order, list_orders

router = APIRouter(tags=["retail"])


@router.get("/orders", response_model=list[RetailOrderPublic])
def get_orders(
    ctx: Reader,
    customer_id: int | None = None,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[RetailOrderPublic]:
    """Orders newest first; page with ``before_id`` = the last id of the previous page."""
    orders = list_orders(
        session=ctx.session,
        visible=visible_to(ctx, RetailOrder.customer_id),
        customer_id=customer_id,
        before_id=before_id,
        limit=limit,
    )
    return _with_lines(ctx.session, orders)


@router.post("/orders", response_model=RetailOrderPublic, status_code=201)
def post_order(ctx: Seller, body: RetailOrderCreate) -> RetailOrderPublic:
    """Record an order; it also appears on the customer's timeline as a purchase."""
    require_visible_customer(ctx, body.customer_id)
    data = body.model_dump(exclude={"lines"})
    order = create_order(
        session=ctx.session,
        tenant=ctx.tenant,
        user_id=ctx.user.id if ctx.user is not None else None,
        lines=[LineInput(**line.model_dump()) for line in body.lines],
        **data,
    )
    [public] = _with_lines(ctx.session, [order])
    return public


@router.get("/returns", response_model=list[ReturnPublic])
def get_returns(ctx: Reader, order_id: int | None = None) -> list[ReturnPublic]:
    visible = visible_to(ctx, RetailOrder.customer_id)
    return [
        ReturnPublic.model_validate(r)
        for r in list_returns(session=ctx.session, visible=visible, order_id=order_id)
    ]


@router.post("/returns", response_model=ReturnPublic, status_code=201)
def post_return(ctx: Seller, body: ReturnCreate) -> ReturnPublic:
    returned = record_return(
        session=ctx.session,
        tenant=ctx.tenant,
        visible=visible_to(ctx, RetailOrder.customer_id),
        **body.model_dump(),
    )
    return ReturnPublic.model_validate(returned)


def _with_lines(session: Session, orders: list[RetailOrder]) -> list[RetailOrderPublic]:
    """The orders as the API shows them, their lines read in one query."""
    public = [RetailOrderPublic.model_validate(order) for order in orders]
    lines = lines_of(session=session, order_ids=[order.id for order in public])
    for order in public:
        order.lines = [OrderLinePublic.model_validate(line) for line in lines[order.id]]
    return public


# Analytics is mounted through this router, as it always was, so its OpenAPI tags stay unchanged.
router.include_router(analytics_router)
