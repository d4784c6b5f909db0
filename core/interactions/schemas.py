"""Interaction bodies: log one, read one, a page of a customer's timeline.

The table itself is core.interactions.models: the bounds read its column lengths, so the schemas
cannot live beside it without a cycle.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from core.customers.limits import json_at_most
from core.interactions.limits import CHANNEL_MAX_LENGTH, PAYLOAD_MAX_BYTES, SUMMARY_MAX_LENGTH
from core.interactions.models import InteractionKind

Payload = Annotated[dict[str, Any], json_at_most(PAYLOAD_MAX_BYTES)]

_EXAMPLE: JsonDict = {
    "id": 9,
    "customer_id": 42,
    "kind": "call",
    "channel": "phone",
    "occurred_at": "2026-05-01T02:00:00Z",
    "user_id": 7,
    "summary": "询问保养套餐",
    "amount": None,
    "currency": None,
    "payload": {},
    "source": "core",
    "created_at": "2026-05-01T02:00:01Z",
}


class InteractionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "kind": "call",
                    "channel": "phone",
                    "summary": "询问保养套餐",
                    "occurred_at": "2026-05-01T10:00:00+08:00",
                }
            ]
        },
    )

    kind: InteractionKind = InteractionKind.note
    channel: str | None = Field(default=None, max_length=CHANNEL_MAX_LENGTH)
    occurred_at: datetime | None = Field(default=None, description="With a time zone; default: now.")
    summary: str = Field(default="", max_length=SUMMARY_MAX_LENGTH)
    amount: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    payload: Payload = Field(
        default_factory=dict, description=f"At most {PAYLOAD_MAX_BYTES // 1024} KB as JSON."
    )


class InteractionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_EXAMPLE]})

    id: int
    customer_id: int
    kind: str
    channel: str | None
    occurred_at: datetime
    user_id: int | None
    summary: str
    amount: Decimal | None
    currency: str | None
    payload: dict[str, Any]
    source: str
    created_at: datetime


_ENTRY: JsonDict = {
    "source": "retail.orders",
    "label": "Order",
    "id": 31,
    "occurred_at": "2026-05-01T02:00:00Z",
    "summary": "旗舰店 订单",
    "kind": "purchase",
    "amount": "388.00",
    "currency": "CNY",
    "user_id": None,
    "link": "/retail/orders?customer_id=42",
}


class TimelineEntryOut(BaseModel):
    """One timeline entry: an interaction (``source`` = ``interactions``) or a pack's record."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_ENTRY]})

    source: str = Field(description="The source's key: interactions, or <pack>.<things>.")
    label: str = Field(description="The source's name in the caller's language.")
    id: int = Field(description="The record's id within its source.")
    occurred_at: datetime
    summary: str
    kind: str | None
    amount: Decimal | None
    currency: str | None
    user_id: int | None
    link: str | None


class TimelinePage(BaseModel):
    """Newest first: core's interactions and the records of every pack the tenant enabled."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_ENTRY], "next_cursor": None}]})

    items: list[TimelineEntryOut]
    next_cursor: str | None
