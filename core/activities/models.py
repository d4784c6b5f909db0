"""The activities table: a follow-up promised to a customer, its type, who does it and by when.

It grew out of core's follow-ups and keeps their table (``follow_ups``) and reminder rule key, so
follow-ups recorded before keep their reminders and deliveries.  ``user_id`` is the assignee: the
user the reminder goes to and whose "my activities" page lists it.  Snoozing moves ``due_on`` and
remembers the first promised date in ``first_due_on``, so a snoozed activity is reminded once more
on its new date (the delivery key holds the due date) and reports can still tell it slipped.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from core.modelbase import TenantOwned
from core.types import UTCDateTime, utcnow

NOTE_MAX_LENGTH = 500
OUTCOME_MAX_LENGTH = 2000


class ActivityKind(enum.StrEnum):
    call = "call"
    visit = "visit"
    email = "email"
    meeting = "meeting"
    todo = "todo"


class Activity(TenantOwned, table=True):
    """A promise to get back to a customer by a date: open until completed."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        Index("ix_follow_ups_tenant_due", "tenant_id", "due_on"),
        Index("ix_follow_ups_tenant_assignee_due", "tenant_id", "user_id", "due_on"),
        Index("ix_follow_ups_tenant_customer_due", "tenant_id", "customer_id", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    #: The interaction this follow-up came out of, if any.
    interaction_id: int | None = Field(default=None, foreign_key="interactions.id", ondelete="SET NULL")
    #: The assignee.
    user_id: int | None = Field(default=None, foreign_key="users.id")
    kind: str = Field(default=ActivityKind.todo.value, max_length=16)
    due_on: date
    #: The date first promised, set by the first snooze (``None``: never snoozed).
    first_due_on: date | None = None
    note: str = Field(default="", max_length=NOTE_MAX_LENGTH)
    outcome: str = Field(default="", max_length=OUTCOME_MAX_LENGTH)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
