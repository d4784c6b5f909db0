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
from core.interactions.schemas import InteractionCreate, InteractionOut, TimelineEntryOut, TimelinePage
from core.interactions.service import log_interaction
from core.packs.state import hooks_for
from core.reminders.recipients import locale_of
from core.timeline.service import merged_timeline

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
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    source: Annotated[list[str] | None, Query(max_length=100)] = None,
) -> TimelinePage:
    """Everything that happened with the customer, newest first: interactions and the records of
    every enabled pack (orders, tickets...), merged by time; ``source`` (repeatable) keeps some."""
    visible_customer(session=ctx.session, user=ctx.user, permissions=ctx.permissions, customer_id=customer_id)
    page = merged_timeline(
        session=ctx.session,
        tenant=ctx.tenant,
        hooks=hooks_for(ctx.session, ctx.tenant),
        customer_id=customer_id,
        only=source,
        limit=limit,
        cursor=cursor,
    )
    locale = locale_of(ctx.user.locale if ctx.user else None, ctx.tenant)
    items = [
        TimelineEntryOut(
            label=page.sources[e.source].titles.get(locale, page.sources[e.source].title), **vars(e)
        )
        for e in page.entries
    ]
    return TimelinePage(items=items, next_cursor=page.next_cursor)


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
