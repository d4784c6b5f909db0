"""Tables of the reminder feature: what reminders are about (promotions), where they
go (SMTP settings, calendar tokens) and what was delivered (deliveries, notifications).  Follow-ups
grew into activities (``core.activities.models``); ``FollowUp`` stays importable from here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field

from core.activities.models import Activity as FollowUp  # the follow-up table grew into activities
from core.modelbase import TenantOwned
from core.types import JSONType, UTCDateTime, utcnow

__all__ = [
    "CalendarToken",
    "FollowUp",
    "Notification",
    "Promotion",
    "ReminderDelivery",
    "SmtpSettings",
]


class Promotion(TenantOwned, table=True):
    """A promotion the firm runs; its start and end are reminded to the team."""

    __tablename__ = "promotions"
    __table_args__ = (Index("ix_promotions_tenant_dates", "tenant_id", "starts_on", "ends_on"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    starts_on: date
    ends_on: date
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SmtpSettings(TenantOwned, table=True):
    """How a tenant's reminder e-mails leave: its own mail server and sender address."""

    __tablename__ = "smtp_settings"

    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", primary_key=True, nullable=False)
    host: str = Field(max_length=255)
    port: int = 587
    username: str | None = Field(default=None, max_length=255)
    #: Sealed with the installation secret (core.secretbox); read it through core.smtp.service.
    password: str | None = Field(default=None, sa_type=Text)
    starttls: bool = True
    use_ssl: bool = False
    sender: str = Field(max_length=254)
    enabled: bool = True


class ReminderDelivery(TenantOwned, table=True):
    """One reminder on one channel: the unique key is what makes delivery exactly-once.

    A repeated run inserts nothing new (the key exists); an e-mail goes ``pending`` → ``sending``
    (claimed by one run) → ``sent``, or ``failed`` to be retried, so a run interrupted after
    commit sends it next time and two overlapping runs never both send it.
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id", "rule", "subject", "due_on", "channel", name="uq_reminder_deliveries_key"
        ),
        Index("ix_reminder_deliveries_tenant_status", "tenant_id", "channel", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rule: str = Field(max_length=100)
    subject: str = Field(max_length=100)
    due_on: date
    channel: str = Field(max_length=16)
    customer_id: int | None = Field(default=None, foreign_key="customers.id", ondelete="CASCADE")
    text: str = Field(default="", max_length=500)
    #: The text as msgid, arguments and pack when the rule gave a :class:`~core.records.Translatable`:
    #: each recipient reads it in their own language (``text`` keeps the English).
    text_i18n: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType, nullable=True))
    #: Comma-separated user ids the reminder goes to (resolved when it was first due).
    recipients: str = Field(default="", max_length=2000)
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: When a run took the e-mail to send; a claim older than an hour is a crashed run's.
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Notification(TenantOwned, table=True):
    """An entry in a user's in-app inbox (and in their calendar feed)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("tenant_id", "delivery_id", "user_id", name="uq_notifications_delivery_user"),
        Index("ix_notifications_tenant_user", "tenant_id", "user_id", "read_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="reminder_deliveries.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    rule: str = Field(max_length=100)
    title: str = Field(max_length=300)
    due_on: date
    customer_id: int | None = Field(default=None, foreign_key="customers.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CalendarToken(TenantOwned, table=True):
    """The secret of a user's calendar feed URL; only its SHA-256 is stored, so a leaked
    database does not leak the feeds.  Issuing a new token replaces the old one.  The public token
    is ``<tenant id>-<secret>``, so the lookup uses the tenant-led key like every other query."""

    __tablename__ = "calendar_tokens"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id", name="uq_calendar_tokens_user"),
        UniqueConstraint("tenant_id", "token_hash", name="uq_calendar_tokens_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    token_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
