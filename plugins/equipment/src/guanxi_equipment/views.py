"""Equipment API, mounted under ``/api/v1/equipment/``: stages and opportunities."""

from __future__ import annotations

from fastapi import APIRouter, Query

from sdk.api import Context

from .models import OpportunityCreate, OpportunityPublic, StagePublic
from .service import create_opportunity, list_opportunities
from .stages import stages_for

router = APIRouter(tags=["equipment"])


@router.get("/stages", response_model=list[StagePublic])
def get_stages(ctx: Context) -> list[StagePublic]:
    return [StagePublic(**stage) for stage in stages_for(session=ctx.session, tenant=ctx.tenant)]


@router.get("/opportunities", response_model=list[OpportunityPublic])
def get_opportunities(
    ctx: Context,
    stage: str | None = None,
    customer_id: int | None = None,
    owner_id: int | None = None,
    open_only: bool = False,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[OpportunityPublic]:
    found = list_opportunities(session=ctx.session, stage=stage, customer_id=customer_id,
                               owner_id=owner_id, open_only=open_only, before_id=before_id, limit=limit)
    return [OpportunityPublic.model_validate(o) for o in found]


@router.post("/opportunities", response_model=OpportunityPublic, status_code=201)
def post_opportunity(ctx: Context, body: OpportunityCreate) -> OpportunityPublic:
    values = body.model_dump()
    if values["owner_id"] is None and ctx.user is not None:
        values["owner_id"] = ctx.user.id
    opportunity = create_opportunity(session=ctx.session, tenant=ctx.tenant, **values)
    return OpportunityPublic.model_validate(opportunity)
