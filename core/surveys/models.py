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
        Index("uq_surveys_send", "tenant_id", "send_key", "customer_id", unique=True),
        Index("ix_surveys_tenant_mail", "tenant_id", "send_key", "mail_status"),
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
    #: The sending that asked for this survey (``core.surveys.sending``); one survey per customer
    #: and sending, so asking twice sends once.  ``None`` for surveys created in a request.
    send_key: str | None = Field(default=None, max_length=100)
    #: Its e-mail, as the reminder outbox tracks one: pending, sending, sent or failed.
    mail_status: str | None = Field(default=None, max_length=16)
    mail_attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    mailed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
