"""Recorded costs: what acquiring, retaining and serving customers cost (for profit and CAC/CRC)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, Numeric
from sqlmodel import Field

from core.modelbase import TenantOwned
from core.types import UTCDateTime, utcnow


class CostCategory(enum.StrEnum):
    acquire = "acquire"  # marketing aimed at new customers
    retain = "retain"  # loyalty, care and win-back spending on existing customers
    goods = "goods"  # cost of what a purchase sold (links to the purchase interaction)


class CostKind(enum.StrEnum):
    """What the money went on (the category says whether it won or kept customers)."""

    marketing = "marketing"
    promotion = "promotion"
    service = "service"
    gift = "gift"
    other = "other"


class Cost(TenantOwned, table=True):
    """A cost incurred on a day (the first day of the period it covers); ``goods`` costs name the
    purchase interaction they belong to.  A cost may concern one customer, one segment or one
    campaign (free text: campaigns live in packs), or the whole firm when none is named."""

    __tablename__ = "costs"
    __table_args__ = (
        Index("ix_costs_tenant_category_day", "tenant_id", "category", "incurred_on"),
        Index("ix_costs_tenant_interaction", "tenant_id", "interaction_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    category: str = Field(max_length=16)
    amount: Decimal = Field(sa_type=Numeric(14, 2))
    currency: str = Field(max_length=3)
    incurred_on: date
    customer_id: int | None = Field(default=None, foreign_key="customers.id", ondelete="SET NULL")
    interaction_id: int | None = Field(default=None, foreign_key="interactions.id", ondelete="CASCADE")
    kind: str = Field(default=CostKind.other.value, max_length=16)
    campaign: str = Field(default="", max_length=100)
    segment_id: int | None = Field(default=None, foreign_key="segments.id", ondelete="SET NULL")
    note: str = Field(default="", max_length=500)
    created_by: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
