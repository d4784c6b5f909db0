"""The retail pack's order tables: orders, their lines, and returns.

An order is its own row, not a purchase interaction with extra JSON: stores, channels and external
order numbers are structured data the retail reports group and join on.  Orders logged through the
pack also appear on the customer's timeline as a ``purchase`` interaction with ``source`` =
``retail`` (``source_interaction_id`` points at it), so core's timeline stays complete.

Every table is tenant-owned and every key and index leads with ``tenant_id``.  API schemas live in
:mod:`guanxi_retail.orders.schemas`; products, categories and stores in :mod:`guanxi_retail.catalog`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow

from ..catalog.models import MONEY


class RetailOrder(TenantOwned, table=True):
    """One order by one customer; ``total`` is exact money in ``currency``."""

    __tablename__ = "retail_orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "external_ref", name="uq_retail_orders_tenant_external_ref"),
        UniqueConstraint(
            "tenant_id", "source_interaction_id", name="uq_retail_orders_tenant_source_interaction"
        ),
        Index("ix_retail_orders_tenant_customer", "tenant_id", "customer_id", "ordered_at"),
        # covering: the analytics read (id, customer, time, total) of every order from the index alone
        Index(
            "ix_retail_orders_tenant_ordered_customer_total",
            "tenant_id",
            "ordered_at",
            "customer_id",
            "total",
        ),
        Index("ix_retail_orders_tenant_store", "tenant_id", "store", "ordered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    ordered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    total: Decimal = Field(sa_type=MONEY)
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


class RetailOrderLine(TenantOwned, table=True):
    """One product on one order; ``amount`` = quantity × unit price after line discounts."""

    __tablename__ = "retail_order_lines"
    __table_args__ = (
        Index("ix_retail_order_lines_tenant_product", "tenant_id", "product_id"),
        Index("ix_retail_order_lines_tenant_order", "tenant_id", "order_id"),
        CheckConstraint("quantity > 0", name="ck_retail_order_lines_quantity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="retail_orders.id", ondelete="CASCADE")
    product_id: int = Field(foreign_key="retail_products.id")
    quantity: int
    unit_price: Decimal = Field(sa_type=MONEY)
    amount: Decimal = Field(sa_type=MONEY)
    #: Unit cost × quantity at the time of sale, when the product's cost was known.
    cost: Decimal | None = Field(default=None, sa_type=MONEY)


class RetailReturn(TenantOwned, table=True):
    """Money given back on an order, for one product or the order as a whole."""

    __tablename__ = "retail_returns"
    __table_args__ = (
        Index("ix_retail_returns_tenant_order", "tenant_id", "order_id"),
        Index("ix_retail_returns_tenant_returned", "tenant_id", "returned_at"),
        CheckConstraint("amount > 0", name="ck_retail_returns_amount"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="retail_orders.id", ondelete="CASCADE")
    product_id: int | None = Field(default=None, foreign_key="retail_products.id", ondelete="SET NULL")
    quantity: int | None = None
    amount: Decimal = Field(sa_type=MONEY)
    reason: str | None = Field(default=None, max_length=200)
    returned_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
