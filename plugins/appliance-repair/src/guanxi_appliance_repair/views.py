"""Appliance repair API, mounted under ``/api/v1/appliance-repair/``: the ticket queue.

Every list and write keeps to the customers the caller may see (``sdk.visible_to`` and
``sdk.require_visible_customer``): a rep's queue holds their customers' tickets, and a ticket of
a hidden customer answers 404 like a missing one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from sdk import require_visible_customer, visible_to
from sdk.api import RequestContext, require

from .models import RepairTicket, TicketCreate, TicketPublic, TicketUpdate
from .permissions import OPEN, WORK
from .service import change_status, get_ticket, list_tickets, open_ticket

router = APIRouter(tags=["appliance-repair"])
Reader = Annotated[RequestContext, require("customers:read")]
Opener = Annotated[RequestContext, require(OPEN)]
Worker = Annotated[RequestContext, require(WORK)]
TicketId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/tickets", response_model=list[TicketPublic])
def get_tickets(
    ctx: Reader,
    status: str | None = None,
    customer_id: int | None = None,
    technician_id: int | None = None,
    open_only: bool = False,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[TicketPublic]:
    found = list_tickets(
        session=ctx.session,
        visible=visible_to(ctx, RepairTicket.customer_id),
        status=status,
        customer_id=customer_id,
        technician_id=technician_id,
        open_only=open_only,
        before_id=before_id,
        limit=limit,
    )
    return [TicketPublic.model_validate(t) for t in found]


@router.post("/tickets", response_model=TicketPublic, status_code=201)
def post_ticket(ctx: Opener, body: TicketCreate) -> TicketPublic:
    require_visible_customer(ctx, body.customer_id)
    ticket = open_ticket(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return TicketPublic.model_validate(ticket)


@router.patch("/tickets/{ticket_id}", response_model=TicketPublic)
def patch_ticket(ctx: Worker, ticket_id: TicketId, body: TicketUpdate) -> TicketPublic:
    """Move a ticket on; a technician may move only the tickets assigned to them."""
    ticket = get_ticket(
        session=ctx.session, ticket_id=ticket_id, visible=visible_to(ctx, RepairTicket.customer_id)
    )
    if ctx.user is None or ticket.technician_id != ctx.user.id:
        ctx.require(OPEN)  # someone else's ticket: only the front desk moves it
    return TicketPublic.model_validate(
        change_status(session=ctx.session, tenant=ctx.tenant, ticket=ticket, status=body.status)
    )
