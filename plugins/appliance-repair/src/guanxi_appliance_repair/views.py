"""Appliance repair API, mounted under ``/api/v1/appliance-repair/``: the ticket queue."""

from __future__ import annotations

from fastapi import APIRouter, Query

from sdk.api import Context

from .models import TicketCreate, TicketPublic
from .service import list_tickets, open_ticket

router = APIRouter(tags=["appliance-repair"])


@router.get("/tickets", response_model=list[TicketPublic])
def get_tickets(
    ctx: Context,
    status: str | None = None,
    customer_id: int | None = None,
    technician_id: int | None = None,
    open_only: bool = False,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[TicketPublic]:
    found = list_tickets(session=ctx.session, status=status, customer_id=customer_id,
                         technician_id=technician_id, open_only=open_only, before_id=before_id,
                         limit=limit)
    return [TicketPublic.model_validate(t) for t in found]


@router.post("/tickets", response_model=TicketPublic, status_code=201)
def post_ticket(ctx: Context, body: TicketCreate) -> TicketPublic:
    ticket = open_ticket(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return TicketPublic.model_validate(ticket)
