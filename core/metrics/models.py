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


class Cost(TenantOwned, table=True):
    """A cost incurred on a day; ``goods`` costs name the purchase interaction they belong to."""

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
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
