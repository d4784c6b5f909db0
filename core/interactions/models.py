"""The interactions table: anything that happened with a customer, written by core or a pack.

Only the table lives here, so the bounds that read its column lengths (core.interactions.limits)
and the API schemas built on those bounds (core.interactions.schemas) import it without a cycle.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, Numeric
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts
from core.types import JSONType


class InteractionKind(enum.StrEnum):
    call = "call"
    visit = "visit"
    email = "email"
    meeting = "meeting"
    purchase = "purchase"
    service = "service"
    note = "note"
    survey = "survey"
    message = "message"


class Interaction(TenantOwned, table=True):
    """Anything that happened with a customer; packs write theirs with ``source`` = pack name."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_timeline", "tenant_id", "customer_id", "occurred_at"),
        Index("ix_interactions_tenant_occurred", "tenant_id", "occurred_at"),
        Index("ix_interactions_tenant_kind", "tenant_id", "kind", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    kind: str = Field(default=InteractionKind.note.value, max_length=32)
    channel: str | None = Field(default=None, max_length=32)
    occurred_at: datetime = _ts()
    user_id: int | None = Field(default=None, foreign_key="users.id")
    summary: str = Field(default="", max_length=2000)
    amount: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    currency: str | None = Field(default=None, max_length=3)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    source: str = Field(default="core", max_length=63)
    created_at: datetime = _ts()
