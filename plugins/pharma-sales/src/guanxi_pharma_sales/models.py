"""The pharma sales pack's tables and API schemas.

Territories form a tree by code within a tenant (a composite foreign key ``(tenant_id,
parent_code)`` keeps a child from pointing at another tenant's or a missing territory).  Market
reports are the company's market intelligence, not a rep's private notes: they are not owned by the
rep who filed them, and ``reported_by``/``customer_id`` are set to NULL rather than deleting the
report when that user or customer goes away.

A report becomes company data once a manager confirms it: ``REPORT_STATES`` moves a report from
``submitted`` to ``confirmed`` or ``dismissed`` (a dismissed report may be corrected and
resubmitted; a confirmed one may still be dismissed when later news contradicts it), every move kept
with who and when.  Reports are ``Versioned``, so a correction never overwrites a review.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow
from sdk.records import StateMachine, Versioned

#: What a market report is about; labels are the English msgids shown translated.
TOPICS: dict[str, str] = {
    "competitor": "Competitor activity",
    "tender": "Tender / volume-based procurement",
    "pricing": "Pricing",
    "policy": "Policy and reimbursement",
    "prescribing": "Prescribing and usage",
    "product_feedback": "Product feedback",
    "other": "Other",
}


class PharmaTerritory(TenantOwned, table=True):
    """A sales territory; ``parent_code`` links it to the territory it rolls up into."""

    __tablename__ = "pharma_sales_territories"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code", name="uq_pharma_sales_territories_tenant_code"),
        ForeignKeyConstraint(
            ["tenant_id", "parent_code"],
            ["pharma_sales_territories.tenant_id", "pharma_sales_territories.code"],
            name="fk_pharma_sales_territories_parent",
        ),
        Index("ix_pharma_sales_territories_tenant_parent", "tenant_id", "parent_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    region: str | None = Field(default=None, max_length=100)
    parent_code: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


REPORT_STATES = StateMachine(
    states=("submitted", "confirmed", "dismissed"),
    transitions={
        "submitted": {"confirmed", "dismissed"},
        "confirmed": {"dismissed"},
        "dismissed": {"submitted"},
    },
)


class PharmaMarketReport(TenantOwned, Versioned, table=True):
    """One piece of market information, filed by a user, about a territory and/or a customer."""

    __tablename__ = "pharma_sales_market_reports"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "territory_code"],
            ["pharma_sales_territories.tenant_id", "pharma_sales_territories.code"],
            name="fk_pharma_sales_market_reports_territory",
        ),
        Index("ix_pharma_sales_market_reports_tenant_reported", "tenant_id", "reported_at"),
        Index(
            "ix_pharma_sales_market_reports_tenant_territory", "tenant_id", "territory_code", "reported_at"
        ),
        Index("ix_pharma_sales_market_reports_tenant_topic", "tenant_id", "topic", "reported_at"),
        Index("ix_pharma_sales_market_reports_tenant_customer", "tenant_id", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int | None = Field(default=None, foreign_key="customers.id", ondelete="SET NULL")
    territory_code: str | None = Field(default=None, max_length=32)
    reported_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    topic: str = Field(max_length=32)
    content: str = Field(max_length=4000)
    reported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status: str = Field(default=REPORT_STATES.initial, max_length=20)


class TerritoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = PydanticField(min_length=1, max_length=32, examples=["SH-PD"])
    name: str = PydanticField(min_length=1, max_length=100, examples=["上海浦东"])
    region: str | None = PydanticField(default=None, max_length=100, examples=["华东"])
    parent_code: str | None = PydanticField(default=None, max_length=32, examples=["EAST"])


class TerritoryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    region: str | None
    parent_code: str | None


class MarketReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    topic: str = PydanticField(examples=["tender"])
    content: str = PydanticField(min_length=1, max_length=4000)
    territory_code: str | None = PydanticField(default=None, max_length=32)
    customer_id: int | None = None
    reported_at: datetime | None = None


class MarketReportUpdate(BaseModel):
    """A correction of a report; who filed it and about whom stay as they were."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    topic: str | None = PydanticField(default=None, examples=["pricing"])
    content: str | None = PydanticField(default=None, min_length=1, max_length=4000)
    territory_code: str | None = PydanticField(default=None, max_length=32)


class ReportReview(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: str = PydanticField(min_length=1, max_length=20, examples=["confirmed"])


class MarketReportPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int | None
    territory_code: str | None
    reported_by: int | None
    topic: str
    content: str
    reported_at: datetime
    status: str
    version: int
