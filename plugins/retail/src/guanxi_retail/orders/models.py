"""The retail pack's record tables: orders and their lines, products, categories, stores, returns.

An order is its own row, not a purchase interaction with extra JSON: stores, channels and external
order numbers are structured data the retail reports group and join on.  Orders logged through the
pack also appear on the customer's timeline as a ``purchase`` interaction with ``source`` =
``retail`` (``source_interaction_id`` points at it), so core's timeline stays complete.

Every table is tenant-owned and every key and index leads with ``tenant_id``.  API schemas live in
:mod:`guanxi_retail.orders.schemas`; loyalty and campaign tables in their own packages.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow

CHANNELS = ("store", "online", "wechat", "phone", "marketplace", "other")
MONEY = Numeric(14, 2)


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


class RetailCategory(TenantOwned, table=True):
    """A product category; ``parent_id`` makes a tree (e.g. 护肤 → 面霜)."""

    __tablename__ = "retail_categories"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code", name="uq_retail_categories_tenant_code"),
        Index("ix_retail_categories_tenant_parent", "tenant_id", "parent_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    parent_id: int | None = Field(default=None, foreign_key="retail_categories.id", ondelete="SET NULL")


class RetailProduct(TenantOwned, table=True):
    """A sellable item; ``cost`` is optional because many shops only know their prices."""

    __tablename__ = "retail_products"
    __table_args__ = (
        UniqueConstraint("tenant_id", "sku", name="uq_retail_products_tenant_sku"),
        Index("ix_retail_products_tenant_category", "tenant_id", "category_id"),
        CheckConstraint("price >= 0", name="ck_retail_products_price"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(max_length=64)
    name: str = Field(max_length=200)
    category_id: int | None = Field(default=None, foreign_key="retail_categories.id", ondelete="SET NULL")
    price: Decimal = Field(sa_type=MONEY)
    cost: Decimal | None = Field(default=None, sa_type=MONEY)
    currency: str = Field(max_length=3)


class RetailStore(TenantOwned, table=True):
    """A shop or sales channel outlet (a street store, the WeChat mini-program, a marketplace)."""

    __tablename__ = "retail_stores"
    __table_args__ = (UniqueConstraint("tenant_id", "code", name="uq_retail_stores_tenant_code"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    channel: str = Field(default="store", max_length=32)
    city: str | None = Field(default=None, max_length=100)


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
