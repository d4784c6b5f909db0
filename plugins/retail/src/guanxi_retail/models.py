"""The retail pack's table and its API schemas.

An order is its own row, not a purchase interaction with extra JSON: stores, channels and external
order numbers are structured data the retail reports group and join on.  Orders logged through the
pack also appear on the customer's timeline as a ``purchase`` interaction with ``source`` =
``retail`` (``source_interaction_id`` points at it), so core's timeline stays complete.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlalchemy import Index, Numeric, UniqueConstraint
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow

CHANNELS = ("store", "online", "wechat", "phone", "marketplace", "other")


class RetailOrder(TenantOwned, table=True):
    """One order by one customer; ``total`` is exact money in ``currency``."""

    __tablename__ = "retail_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "external_ref", name="uq_retail_orders_tenant_external_ref"),
        UniqueConstraint(
            "tenant_id", "source_interaction_id", name="uq_retail_orders_tenant_source_interaction"
        ),
        Index("ix_retail_orders_tenant_customer", "tenant_id", "customer_id", "ordered_at"),
        Index("ix_retail_orders_tenant_ordered", "tenant_id", "ordered_at"),
        Index("ix_retail_orders_tenant_store", "tenant_id", "store", "ordered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    ordered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    total: Decimal = Field(sa_type=Numeric(14, 2))
    currency: str = Field(max_length=3)
    channel: str | None = Field(default=None, max_length=32)
    store: str | None = Field(default=None, max_length=100)
    #: The purchase interaction this order came from (backfill, or logged outside the pack).
    source_interaction_id: int | None = Field(
        default=None, foreign_key="interactions.id", ondelete="SET NULL"
    )
    #: The POS or online shop's order number; unique per tenant so re-imports cannot duplicate.
    external_ref: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


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
