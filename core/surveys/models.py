"""A survey sent to a customer after an interaction, and its answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from core.modelbase import TenantOwned
from core.types import UTCDateTime, utcnow


class Survey(TenantOwned, table=True):
    """One question to one customer.  The link's secret is stored as a SHA-256 only; the public
    token is ``<tenant id>-<secret>`` so the lookup uses the tenant-led unique key."""

    __tablename__ = "surveys"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash", name="uq_surveys_token"),
        Index("ix_surveys_tenant_answered", "tenant_id", "kind", "answered_at"),
        Index("ix_surveys_tenant_customer", "tenant_id", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    interaction_id: int | None = Field(default=None, foreign_key="interactions.id", ondelete="SET NULL")
    kind: str = Field(max_length=8)
    token_hash: str = Field(max_length=64)
    source: str = Field(default="core", max_length=63)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    score: int | None = None
    comment: str | None = Field(default=None, max_length=2000)
