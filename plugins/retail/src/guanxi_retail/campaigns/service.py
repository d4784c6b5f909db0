"""Campaigns: create one for a core segment or RFM segments, launch it to its audience, measure it.

Launching stores the audience with one ``INSERT ... SELECT`` from the segment's query.  RFM
segments come from the retail analytics results (the latest RFM run); a core segment may also
filter on ``rfm_segment`` itself.  A campaign may open a core promotion, whose start and end core's
reminders announce; campaigns without one are announced by the pack's own reminder rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, insert, literal, select, true, union_all
from sqlmodel import Session, col

from sdk import (
    Conflict,
    Customer,
    InvalidInput,
    NotFound,
    Problem,
    Promotion,
    Tenant,
    day_start_utc,
    get_segment,
    segment_select,
    utcnow,
)

from ..orders.models import RetailOrder
from .models import RetailCampaign, RetailCampaignTarget

TARGETS = RetailCampaignTarget.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it
ORDERS = RetailOrder.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it


def _rfm_audience(tenant: Tenant, names: list[str]) -> Select[Any]:
    from ..analytics.segments import rfm_segment_condition

    try:
        condition = rfm_segment_condition(tenant=tenant, value=names)
    except ValueError as exc:
        raise InvalidInput([Problem("rfm_segments", str(exc))]) from exc
    return select(col(Customer.id)).where(
        col(Customer.tenant_id) == tenant.id, col(Customer.deleted_at).is_(None), condition
    )


def audience_select(*, session: Session, tenant: Tenant, campaign: RetailCampaign) -> Select[Any]:
    """``SELECT customers.id`` of the campaign's audience now."""
    if campaign.segment_id is not None:
        segment = get_segment(session=session, segment_id=campaign.segment_id)
        return segment_select(session=session, tenant=tenant, filters=segment.filters)
    return _rfm_audience(tenant, (campaign.rfm_segments or "").split(","))


def create_campaign(
    *,
    session: Session,
    tenant: Tenant,
    name: str,
    starts_on: date,
    ends_on: date,
    offer: str = "",
    segment_id: int | None = None,
    rfm_segments: list[str] | None = None,
    response_days: int = 0,
    with_promotion: bool = False,
) -> RetailCampaign:
    """Create and launch a campaign to exactly one audience: a core segment or RFM segments."""
    problems: list[Problem] = []
    if (segment_id is None) == (not rfm_segments):
        problems.append(Problem("segment_id", "give either segment_id or rfm_segments"))
    if ends_on < starts_on:
        problems.append(Problem("ends_on", "must be on or after starts_on"))
    if not 0 <= response_days <= 365:
        problems.append(Problem("response_days", "must be from 0 to 365"))
    if problems:
        raise InvalidInput(problems)
    if session.execute(select(col(RetailCampaign.id)).where(col(RetailCampaign.name) == name)).first():
        raise Conflict(f"a campaign named '{name}' exists")
    campaign = RetailCampaign(
        tenant_id=tenant.id,
        name=name,
        offer=offer,
        segment_id=segment_id,
        rfm_segments=",".join(rfm_segments) if rfm_segments else None,
        starts_on=starts_on,
        ends_on=ends_on,
        response_days=response_days,
    )
    if segment_id is not None:
        try:
            get_segment(session=session, segment_id=segment_id)
        except NotFound as exc:
            raise InvalidInput([Problem("segment_id", str(exc))]) from exc
    if with_promotion:
        promotion = Promotion(tenant_id=tenant.id, title=name[:200], starts_on=starts_on, ends_on=ends_on)
        session.add(promotion)
        session.flush()
        campaign.promotion_id = promotion.id
    session.add(campaign)
    session.flush()
    launch(session=session, tenant=tenant, campaign=campaign)
    return campaign


def launch(*, session: Session, tenant: Tenant, campaign: RetailCampaign) -> int:
    """Store the campaign's audience as it is now; return its size."""
    audience = audience_select(session=session, tenant=tenant, campaign=campaign).subquery()
    rows = select(literal(tenant.id), literal(campaign.id), audience.c.id)
    session.execute(insert(TARGETS).from_select(["tenant_id", "campaign_id", "customer_id"], rows))
    size = session.execute(
        select(func.count())
        .select_from(TARGETS)
        .where(TARGETS.c.tenant_id == tenant.id, TARGETS.c.campaign_id == campaign.id)
    ).scalar_one()
    campaign.audience_size, campaign.launched_at = size, utcnow()
    session.add(campaign)
    session.flush()
    return size


def _response_of(
    tenant: Tenant, campaign: RetailCampaign, visible: ColumnElement[bool]
) -> Select[int | None, int, int, int, Any]:
    start = day_start_utc(tenant, campaign.starts_on)
    end = day_start_utc(tenant, campaign.ends_on + timedelta(days=campaign.response_days + 1))
    joined = TARGETS.outerjoin(
        ORDERS,
        and_(
            ORDERS.c.tenant_id == TARGETS.c.tenant_id,
            ORDERS.c.customer_id == TARGETS.c.customer_id,
            ORDERS.c.ordered_at >= start,
            ORDERS.c.ordered_at < end,
        ),
    )
    return (
        select(
            literal(campaign.id).label("campaign_id"),
            func.count(func.distinct(TARGETS.c.customer_id)).label("targeted"),
            func.count(func.distinct(ORDERS.c.customer_id)).label("responders"),
            func.count(ORDERS.c.id).label("orders"),
            func.coalesce(func.sum(ORDERS.c.total), 0).label("revenue"),
        )
        .select_from(joined)
        .where(TARGETS.c.tenant_id == tenant.id, TARGETS.c.campaign_id == campaign.id, visible)
    )


def campaign_responses(
    *,
    session: Session,
    tenant: Tenant,
    campaigns: list[RetailCampaign],
    visible: ColumnElement[bool] = true(),
) -> dict[int, dict[str, Any]]:
    """Targeted customers, those who ordered in each campaign's window, orders and revenue:
    one statement for all the campaigns given.  ``visible`` (``sdk.visible_to(caller,
    RetailCampaignTarget.customer_id)``) keeps the counts to the customers the caller may see."""
    if not campaigns:
        return {}
    statement = union_all(*(_response_of(tenant, c, visible) for c in campaigns))
    result = {}
    for row in session.execute(statement).mappings():
        targeted = row["targeted"]
        result[row["campaign_id"]] = {
            **row,
            "response_rate": (row["responders"] / targeted) if targeted else None,
        }
    return result


def list_campaigns(*, session: Session) -> list[RetailCampaign]:
    return list(
        session.execute(select(RetailCampaign).order_by(col(RetailCampaign.starts_on).desc())).scalars()
    )


def get_campaign(*, session: Session, campaign_id: int) -> RetailCampaign:
    found = (
        session.execute(select(RetailCampaign).where(col(RetailCampaign.id) == campaign_id)).scalars().first()
    )
    if found is None:
        raise NotFound(f"campaign {campaign_id} not found")
    return found
