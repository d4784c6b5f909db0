"""Retail API, mounted under ``/api/v1/retail/``: list and record orders.

Handlers only translate HTTP to service calls; the request context commits once afterwards.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from sdk.api import Context

from .analytics.views import router as analytics_router
from .schemas import RetailOrderCreate, RetailOrderPublic
from .service import create_order, list_orders

router = APIRouter(tags=["retail"])


@router.get("/orders", response_model=list[RetailOrderPublic])
def get_orders(
    ctx: Context,
    customer_id: int | None = None,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[RetailOrderPublic]:
    """Orders newest first; page with ``before_id`` = the last id of the previous page."""
    orders = list_orders(session=ctx.session, customer_id=customer_id, before_id=before_id, limit=limit)
    return [RetailOrderPublic.model_validate(order) for order in orders]


@router.post("/orders", response_model=RetailOrderPublic, status_code=201)
def post_order(ctx: Context, body: RetailOrderCreate) -> RetailOrderPublic:
    """Record an order; it also appears on the customer's timeline as a purchase."""
    order = create_order(
        session=ctx.session,
        tenant=ctx.tenant,
        user_id=ctx.user.id if ctx.user is not None else None,
        **body.model_dump(),
    )
    return RetailOrderPublic.model_validate(order)


router.include_router(analytics_router)
