"""Pharma sales API, mounted under ``/api/v1/pharma-sales/``: territories and market reports.

A report about a customer is read and filed only by those who may see that customer
(``sdk.visible_to``, ``sdk.require_visible_customer``); reports about a territory alone are the
whole company's.  Corrections and reviews need the ``If-Match`` of the version read (412 when
stale, 428 when missing); a review a report's state does not allow is a 409 naming those it does.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy import or_
from sqlmodel import col

from sdk import require_visible_customer, visible_to
from sdk.api import RequestContext, require
from sdk.records import IfMatch, TransitionOut, check_if_match, etag, history

from .models import (
    MarketReportCreate,
    MarketReportPublic,
    MarketReportUpdate,
    PharmaMarketReport,
    ReportReview,
    TerritoryCreate,
    TerritoryPublic,
)
from .permissions import REPORT, REVIEW, TERRITORIES
from .service import correct_report, file_report, get_report, list_reports, review_report
from .territories import create_territory, list_territories

router = APIRouter(tags=["pharma-sales"])
Reader = Annotated[RequestContext, require("customers:read")]
Reporter = Annotated[RequestContext, require(REPORT)]
Planner = Annotated[RequestContext, require(TERRITORIES)]
ReportId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/territories", response_model=list[TerritoryPublic])
def get_territories(ctx: Annotated[RequestContext, require("packs:read")]) -> list[TerritoryPublic]:
    return [TerritoryPublic.model_validate(t) for t in list_territories(session=ctx.session)]


@router.post("/territories", response_model=TerritoryPublic, status_code=201)
def post_territory(ctx: Planner, body: TerritoryCreate) -> TerritoryPublic:
    territory = create_territory(session=ctx.session, tenant=ctx.tenant, **body.model_dump())
    return TerritoryPublic.model_validate(territory)


def _visible_reports(ctx: RequestContext) -> Any:
    """Territory reports are the company's; a report about a customer follows that customer."""
    column = col(PharmaMarketReport.customer_id)
    return or_(column.is_(None), visible_to(ctx, column))


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
    reports = list_reports(
        session=ctx.session,
        visible=_visible_reports(ctx),
        territory_code=territory_code,
        topic=topic,
        customer_id=customer_id,
        before_id=before_id,
        limit=limit,
    )
    return [MarketReportPublic.model_validate(r) for r in reports]


@router.post("/reports", response_model=MarketReportPublic, status_code=201)
def post_report(ctx: Reporter, body: MarketReportCreate, response: Response) -> MarketReportPublic:
    if body.customer_id is not None:
        require_visible_customer(ctx, body.customer_id)
    report = file_report(
        session=ctx.session,
        tenant=ctx.tenant,
        reported_by=ctx.user.id if ctx.user is not None else None,
        **body.model_dump(),
    )
    response.headers["ETag"] = etag(report)
    return MarketReportPublic.model_validate(report)


def _report(ctx: RequestContext, report_id: int) -> PharmaMarketReport:
    return get_report(session=ctx.session, report_id=report_id, visible=_visible_reports(ctx))


@router.get("/reports/{report_id}", response_model=MarketReportPublic)
def get_one_report(report_id: ReportId, ctx: Reader, response: Response) -> MarketReportPublic:
    report = _report(ctx, report_id)
    response.headers["ETag"] = etag(report)
    return MarketReportPublic.model_validate(report)


@router.patch("/reports/{report_id}", response_model=MarketReportPublic)
def patch_report(
    report_id: ReportId, body: MarketReportUpdate, ctx: Reporter, response: Response, if_match: IfMatch = None
) -> MarketReportPublic:
    """Correct a report: its author until it is confirmed, a reviewer always."""
    report = _report(ctx, report_id)
    check_if_match(if_match, report)
    correct_report(
        session=ctx.session,
        report=report,
        changes=body.model_dump(exclude_unset=True),
        user_id=ctx.user.id if ctx.user is not None else None,
        reviewer=REVIEW in ctx.permissions,
    )
    response.headers["ETag"] = etag(report)
    return MarketReportPublic.model_validate(report)


@router.post("/reports/{report_id}/status", response_model=MarketReportPublic)
def post_report_status(
    report_id: ReportId, body: ReportReview, ctx: Reporter, response: Response, if_match: IfMatch = None
) -> MarketReportPublic:
    """Confirm or dismiss a report (reviewers), or resubmit a dismissed one after correcting it."""
    report = _report(ctx, report_id)
    check_if_match(if_match, report)
    review_report(
        session=ctx.session,
        report=report,
        status=body.status,
        user_id=ctx.user.id if ctx.user is not None else None,
        reviewer=REVIEW in ctx.permissions,
    )
    response.headers["ETag"] = etag(report)
    return MarketReportPublic.model_validate(report)


@router.get("/reports/{report_id}/history", response_model=list[TransitionOut])
def get_report_history(report_id: ReportId, ctx: Reader) -> list[TransitionOut]:
    """Every review of the report, oldest first, with who made it and when."""
    report = _report(ctx, report_id)
    return [TransitionOut.model_validate(t) for t in history(report, session=ctx.session)]
