"""Campaign API under ``/api/v1/retail/campaigns``: create and launch, list with response.

Response figures (targeted, ordered, revenue) count only the targeted customers the caller may see,
so a rep measures a campaign on their own customers.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from sdk import visible_to
from sdk.api import RequestContext

from ..access import Manager, Reader
from .models import RetailCampaign, RetailCampaignTarget
from .service import campaign_responses, create_campaign, get_campaign, list_campaigns

router = APIRouter(prefix="/campaigns", tags=["retail"])


class CampaignCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = PydanticField(min_length=1, max_length=200)
    offer: str = PydanticField(default="", max_length=500)
    segment_id: int | None = None
    rfm_segments: list[str] | None = PydanticField(default=None, max_length=11)
    starts_on: date
    ends_on: date
    response_days: int = 0
    with_promotion: bool = False


class CampaignPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    offer: str
    segment_id: int | None
    rfm_segments: str | None
    promotion_id: int | None
    starts_on: date
    ends_on: date
    response_days: int
    audience_size: int
    launched_at: datetime | None
    targeted: int = 0
    responders: int = 0
    orders: int = 0
    revenue: Decimal = Decimal("0")
    response_rate: float | None = None


def _responses(ctx: RequestContext, campaigns: list[RetailCampaign]) -> dict[int, dict[str, Any]]:
    return campaign_responses(
        session=ctx.session,
        tenant=ctx.tenant,
        campaigns=campaigns,
        visible=visible_to(ctx, RetailCampaignTarget.customer_id),
    )


def _public(campaign: RetailCampaign, responses: dict[int, dict[str, Any]]) -> CampaignPublic:
    public = CampaignPublic.model_validate(campaign)
    response = responses.get(public.id, {})
    return public.model_copy(update={k: v for k, v in response.items() if k != "campaign_id"})


@router.get("", response_model=list[CampaignPublic])
def get_campaigns(ctx: Reader) -> list[CampaignPublic]:
    campaigns = list_campaigns(session=ctx.session)
    responses = _responses(ctx, campaigns)
    return [_public(c, responses) for c in campaigns]


@router.get("/{campaign_id}", response_model=CampaignPublic)
def get_one(ctx: Reader, campaign_id: int) -> CampaignPublic:
    campaign = get_campaign(session=ctx.session, campaign_id=campaign_id)
    return _public(campaign, _responses(ctx, [campaign]))


@router.post("", response_model=CampaignPublic, status_code=201)
def post_campaign(ctx: Manager, body: CampaignCreate) -> CampaignPublic:
    campaign = create_campaign(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return _public(campaign, _responses(ctx, [campaign]))
