"""Campaign tables: the campaign and the audience it was launched to.

The audience is stored when the campaign is launched: segments are evaluated live, so without a
snapshot the response rate would change as customers move in and out of the segment afterwards.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow


class RetailCampaign(TenantOwned, table=True):
    """An offer to a segment's customers between ``starts_on`` and ``ends_on`` (tenant dates);
    orders up to ``response_days`` after the end still count as responses."""

    __tablename__ = "retail_campaigns"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name", name="uq_retail_campaigns_tenant_name"),
        Index("ix_retail_campaigns_tenant_dates", "tenant_id", "starts_on", "ends_on"),
        CheckConstraint("ends_on >= starts_on", name="ck_retail_campaigns_dates"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    offer: str = Field(default="", max_length=500)
    segment_id: int | None = Field(default=None, foreign_key="segments.id", ondelete="SET NULL")
    #: Comma-separated RFM segment names of the latest RFM analysis (e.g. ``at_risk,hibernating``).
    rfm_segments: str | None = Field(default=None, max_length=200)
    promotion_id: int | None = Field(default=None, foreign_key="promotions.id", ondelete="SET NULL")
    starts_on: date
    ends_on: date
    response_days: int = 0
    audience_size: int = 0
    launched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class RetailCampaignTarget(TenantOwned, table=True):
    """A customer a campaign was launched to."""

    __tablename__ = "retail_campaign_targets"
    __table_args__ = (
        UniqueConstraint("tenant_id", "campaign_id", "customer_id", name="uq_retail_campaign_targets_member"),
        Index("ix_retail_campaign_targets_tenant_customer", "tenant_id", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="retail_campaigns.id", ondelete="CASCADE")
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")


TABLES = (RetailCampaign, RetailCampaignTarget)
