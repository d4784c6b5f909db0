"""Pharma sales API, mounted under ``/api/v1/pharma-sales/``: territories and market reports.

A report about a customer is read and filed only by those who may see that customer
(``sdk.visible_to``, ``sdk.require_visible_customer``); reports about a territory alone are the
whole company's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import or_
from sqlmodel import col

from sdk import require_visible_customer, visible_to
from sdk.api import RequestContext, require

from .models import (
    MarketReportCreate,
    MarketReportPublic,
    PharmaMarketReport,
    TerritoryCreate,
    TerritoryPublic,
)
from .permissions import REPORT, TERRITORIES
from .service import file_report, list_reports
from .territories import create_territory, list_territories

router = APIRouter(tags=["pharma-sales"])
Reader = Annotated[RequestContext, require("customers:read")]
Reporter = Annotated[RequestContext, require(REPORT)]
Planner = Annotated[RequestContext, require(TERRITORIES)]


@router.get("/territories", response_model=list[TerritoryPublic])
def get_territories(ctx: Annotated[RequestContext, require("packs:read")]) -> list[TerritoryPublic]:
    return [TerritoryPublic.model_validate(t) for t in list_territories(session=ctx.session)]


@router.post("/territories", response_model=TerritoryPublic, status_code=201)
def post_territory(ctx: Planner, body: TerritoryCreate) -> TerritoryPublic:
    territory = create_territory(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return TerritoryPublic.model_validate(territory)


@router.get("/reports", response_model=list[MarketReportPublic])
def get_reports(
    ctx: Reader,
    territory_code: str | None = None,
    topic: str | None = None,
    customer_id: int | None = None,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[MarketReportPublic]:
    """The company's reports (not only the caller's) and those about customers the caller sees."""
    column = col(PharmaMarketReport.customer_id)
    reports = list_reports(
        session=ctx.session,
        visible=or_(column.is_(None), visible_to(ctx, column)),
        territory_code=territory_code,
        topic=topic,
        customer_id=customer_id,
        before_id=before_id,
        limit=limit,
    )
    return [MarketReportPublic.model_validate(r) for r in reports]


@router.post("/reports", response_model=MarketReportPublic, status_code=201)
def post_report(ctx: Reporter, body: MarketReportCreate) -> MarketReportPublic:
    if body.customer_id is not None:
        require_visible_customer(ctx, body.customer_id)
    report = file_report(
        session=ctx.session,
        tenant=ctx.tenant,
        reported_by=ctx.user.id if ctx.user is not None else None,
        **body.model_dump(),
    )
    return MarketReportPublic.model_validate(report)
