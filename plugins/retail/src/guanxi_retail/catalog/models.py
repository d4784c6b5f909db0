"""The shop's catalog tables: categories, products, and the stores and channels it sells through.

Every table is tenant-owned and its natural key (category and store ``code``, product ``sku``) is
unique per tenant, so imports and retried requests update rows instead of duplicating them.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint
from sqlmodel import Field

from sdk import TenantOwned

#: Where a shop sells: a store's channel, and an order's.
CHANNELS = ("store", "online", "wechat", "phone", "marketplace", "other")
#: Exact money, as every retail table stores it.
MONEY = Numeric(14, 2)


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
