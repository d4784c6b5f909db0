"""Pharma sales API, mounted under ``/api/v1/pharma-sales/``: territories and market reports."""

from __future__ import annotations

from fastapi import APIRouter, Query

from sdk.api import Context

from .models import MarketReportCreate, MarketReportPublic, TerritoryCreate, TerritoryPublic
from .service import file_report, list_reports
from .territories import create_territory, list_territories

router = APIRouter(tags=["pharma-sales"])


@router.get("/territories", response_model=list[TerritoryPublic])
def get_territories(ctx: Context) -> list[TerritoryPublic]:
    return [TerritoryPublic.model_validate(t) for t in list_territories(session=ctx.session)]


@router.post("/territories", response_model=TerritoryPublic, status_code=201)
def post_territory(ctx: Context, body: TerritoryCreate) -> TerritoryPublic:
    territory = create_territory(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return TerritoryPublic.model_validate(territory)


@router.get("/reports", response_model=list[MarketReportPublic])
def get_reports(
    ctx: Context,
    territory_code: str | None = None,
    topic: str | None = None,
    customer_id: int | None = None,
    before_id: int | None = None,
    limit: int = Query(default=50, ge=1, le=500),
) -> list[MarketReportPublic]:
    """Every report of the company (not only the caller's), newest first."""
    reports = list_reports(session=ctx.session, territory_code=territory_code, topic=topic,
                           customer_id=customer_id, before_id=before_id, limit=limit)
    return [MarketReportPublic.model_validate(r) for r in reports]


@router.post("/reports", response_model=MarketReportPublic, status_code=201)
def post_report(ctx: Context, body: MarketReportCreate) -> MarketReportPublic:
    report = file_report(
        session=ctx.session,
        tenant=ctx.tenant,
        reported_by=ctx.user.id if ctx.user is not None else None,
        **body.model_dump(),
    )
    return MarketReportPublic.model_validate(report)
