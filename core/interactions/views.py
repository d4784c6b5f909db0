"""Interactions: log one for a customer, read one, page through a customer's timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from core.api import API_PREFIX
from core.api.access import RecordId
from core.api.deps import RequestContext, require
from core.api.idempotency import IdempotencyDep
from core.api.limits import PageLimit
from core.api.responses import responses
from core.customers.access import visible_customer
from core.errors import NotFound
from core.interactions.models import Interaction
from core.interactions.schemas import InteractionCreate, InteractionOut, TimelinePage
from core.interactions.service import log_interaction, timeline_page
from core.packs.state import hooks_for

router = APIRouter(prefix=API_PREFIX, tags=["interactions"])
Reader = Annotated[RequestContext, require("interactions:read")]


@router.post(
    "/customers/{customer_id}/interactions", status_code=status.HTTP_201_CREATED, responses=responses(404)
)
def create_interaction(
    customer_id: RecordId,
    body: InteractionCreate,
    idem: IdempotencyDep,
    ctx: Annotated[RequestContext, require("interactions:write")],
) -> InteractionOut:
    """Log a call, visit, purchase... with a customer (written by core, source ``core``)."""
    visible_customer(session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=customer_id)

    def create() -> InteractionOut:
        interaction = log_interaction(
            session=ctx.session,
            tenant=ctx.tenant,
            customer_id=customer_id,
            data=body.model_dump(),
            user_id=ctx.user.id if ctx.user else None,
        )
        return InteractionOut.model_validate(interaction)

    return idem.run(ctx, body, create)  # type: ignore[return-value]


@router.get("/customers/{customer_id}/timeline", responses=responses(404))
def read_timeline(
    customer_id: RecordId,
    ctx: Reader,
    limit: PageLimit,
    cursor: Annotated[str | None, Query(max_length=80)] = None,
) -> TimelinePage:
    """Everything that happened with the customer, newest first, across core and enabled packs."""
    visible_customer(session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=customer_id)
    sources = frozenset({"core", *hooks_for(ctx.session, ctx.tenant).enabled})
    rows, next_cursor = timeline_page(
        session=ctx.session, customer_id=customer_id, sources=sources, limit=limit, cursor=cursor
    )
    return TimelinePage(items=[InteractionOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.get("/interactions/{interaction_id}", responses=responses(404))
def read_interaction(interaction_id: RecordId, ctx: Reader) -> InteractionOut:
    interaction = ctx.session.get(Interaction, interaction_id)
    if interaction is None or interaction.tenant_id != ctx.tenant.id:
        raise NotFound(f"interaction {interaction_id} not found")
    try:
        visible_customer(
            session=ctx.session,
            user=ctx.user,
            permissions=ctx.permissions,
            customer_id=interaction.customer_id,
            include_deleted=True,
        )
    except NotFound:
        raise NotFound(f"interaction {interaction_id} not found") from None
    return InteractionOut.model_validate(interaction)
