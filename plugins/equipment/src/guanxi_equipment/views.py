"""Equipment API, mounted under ``/api/v1/equipment/``: stages and opportunities.

The pipeline keeps to the customers the caller may see (``sdk.visible_to``); opening an
opportunity for a hidden customer answers 404 like a missing one.  Changing a deal or its stage
needs the ``If-Match`` of the version read (412 when stale, 428 when missing), as customers do.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from sdk import require_visible_customer, visible_to
from sdk.api import RequestContext, require
from sdk.records import IfMatch, TransitionOut, check_if_match, etag, history

from .models import (
    EquipmentOpportunity,
    OpportunityCreate,
    OpportunityPublic,
    OpportunityUpdate,
    StageMove,
    StagePublic,
)
from .permissions import SELL
from .service import create_opportunity, get_opportunity, list_opportunities, move_stage, update_opportunity
from .stages import stages_for

router = APIRouter(tags=["equipment"])
Reader = Annotated[RequestContext, require("customers:read")]
Seller = Annotated[RequestContext, require(SELL)]
OpportunityId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/stages", response_model=list[StagePublic])
def get_stages(ctx: Annotated[RequestContext, require("packs:read")]) -> list[StagePublic]:
    return [StagePublic(**stage) for stage in stages_for(session=ctx.session, tenant=ctx.tenant)]


@router.get("/opportunities", response_model=list[OpportunityPublic])
def get_opportunities(
    ctx: Reader,
    stage: str | None = None,
    customer_id: int | None = None,
    owner_id: int | None = None,
    open_only: bool = False,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[OpportunityPublic]:
    found = list_opportunities(
        session=ctx.session,
        visible=visible_to(ctx, EquipmentOpportunity.customer_id),
        stage=stage,
        customer_id=customer_id,
        owner_id=owner_id,
        open_only=open_only,
        before_id=before_id,
        limit=limit,
    )
    return [OpportunityPublic.model_validate(o) for o in found]


@router.post("/opportunities", response_model=OpportunityPublic, status_code=201)
def post_opportunity(ctx: Seller, body: OpportunityCreate, response: Response) -> OpportunityPublic:
    require_visible_customer(ctx, body.customer_id)
    values = body.model_dump()
    if values["owner_id"] is None and ctx.user is not None:
        values["owner_id"] = ctx.user.id
    opportunity = create_opportunity(session=ctx.session, tenant=ctx.tenant, **values)
    response.headers["ETag"] = etag(opportunity)
    return OpportunityPublic.model_validate(opportunity)


def _visible(ctx: RequestContext, opportunity_id: int) -> EquipmentOpportunity:
    visible = visible_to(ctx, EquipmentOpportunity.customer_id)
    return get_opportunity(session=ctx.session, opportunity_id=opportunity_id, visible=visible)


@router.get("/opportunities/{opportunity_id}", response_model=OpportunityPublic)
def get_one_opportunity(opportunity_id: OpportunityId, ctx: Reader, response: Response) -> OpportunityPublic:
    opportunity = _visible(ctx, opportunity_id)
    response.headers["ETag"] = etag(opportunity)
    return OpportunityPublic.model_validate(opportunity)


@router.patch("/opportunities/{opportunity_id}", response_model=OpportunityPublic)
def patch_opportunity(
    opportunity_id: OpportunityId,
    body: OpportunityUpdate,
    ctx: Seller,
    response: Response,
    if_match: IfMatch = None,
) -> OpportunityPublic:
    opportunity = _visible(ctx, opportunity_id)
    check_if_match(if_match, opportunity)
    changes = body.model_dump(exclude_unset=True)
    update_opportunity(session=ctx.session, tenant=ctx.tenant, opportunity=opportunity, changes=changes)
    response.headers["ETag"] = etag(opportunity)
    return OpportunityPublic.model_validate(opportunity)


@router.post("/opportunities/{opportunity_id}/stage", response_model=OpportunityPublic)
def post_stage(
    opportunity_id: OpportunityId, body: StageMove, ctx: Seller, response: Response, if_match: IfMatch = None
) -> OpportunityPublic:
    """Move the deal to another stage; a move the stages do not allow is a 409 naming those they do."""
    opportunity = _visible(ctx, opportunity_id)
    check_if_match(if_match, opportunity)
    move_stage(session=ctx.session, tenant=ctx.tenant, opportunity=opportunity, stage=body.stage)
    response.headers["ETag"] = etag(opportunity)
    return OpportunityPublic.model_validate(opportunity)


@router.get("/opportunities/{opportunity_id}/history", response_model=list[TransitionOut])
def get_stage_history(opportunity_id: OpportunityId, ctx: Reader) -> list[TransitionOut]:
    """Every stage move of the deal, oldest first, with who made it and when."""
    opportunity = _visible(ctx, opportunity_id)
    return [TransitionOut.model_validate(t) for t in history(opportunity, session=ctx.session)]
