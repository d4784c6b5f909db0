"""Equipment API, mounted under ``/api/v1/equipment/``: stages and opportunities.

The pipeline keeps to the customers the caller may see (``sdk.visible_to``); opening an
opportunity for a hidden customer answers 404 like a missing one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sdk import require_visible_customer, visible_to
from sdk.api import RequestContext, require

from .models import EquipmentOpportunity, OpportunityCreate, OpportunityPublic, StagePublic
from .permissions import SELL
from .service import create_opportunity, list_opportunities
from .stages import stages_for

router = APIRouter(tags=["equipment"])
Reader = Annotated[RequestContext, require("customers:read")]
Seller = Annotated[RequestContext, require(SELL)]


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
def post_opportunity(ctx: Seller, body: OpportunityCreate) -> OpportunityPublic:
    require_visible_customer(ctx, body.customer_id)
    values = body.model_dump()
    if values["owner_id"] is None and ctx.user is not None:
        values["owner_id"] = ctx.user.id
    opportunity = create_opportunity(session=ctx.session, tenant=ctx.tenant, **values)
    return OpportunityPublic.model_validate(opportunity)
