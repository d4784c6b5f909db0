"""The retail API's request and response schemas for orders."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField


class RetailOrderCreate(BaseModel):
    """What a client sends to record an order."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    total: Decimal = PydanticField(ge=0, max_digits=14, decimal_places=2, examples=["388.00"])
    currency: str | None = PydanticField(default=None, min_length=3, max_length=3, examples=["CNY"])
    ordered_at: datetime | None = None
    channel: str | None = PydanticField(default=None, max_length=32, examples=["store"])
    store: str | None = PydanticField(default=None, max_length=100, examples=["南京西路店"])
    external_ref: str | None = PydanticField(default=None, max_length=64)


class RetailOrderPublic(BaseModel):
    """An order as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    ordered_at: datetime
    total: Decimal
    currency: str
    channel: str | None
    store: str | None
    source_interaction_id: int | None
    external_ref: str | None
    created_at: datetime
