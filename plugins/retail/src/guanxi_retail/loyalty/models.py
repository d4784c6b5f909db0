"""Loyalty tables: earning rules, tiers, expiry settings, one balance row per member, the ledger.

The ledger is append-only: every change of a balance is a row with the balance after it, and the
row's ``idempotency_key`` is unique per tenant, so a retried request finds its first result instead
of counting twice.  The account row is the serialized balance: it is changed only by a conditional
``UPDATE`` that cannot take it below zero, and a CHECK on both tables guards the same rule.

Qualifying points (what tiers are computed from) are kept apart from redeemable points: spending
or losing points to expiry never costs a member their tier.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow

RULE_KINDS = ("per_amount", "category", "birthday")
EXPIRY_MODES = ("never", "fixed_date", "inactivity")
ENTRY_KINDS = ("earn", "bonus", "redeem", "expire", "adjust")


class LoyaltyRule(TenantOwned, table=True):
    """An earning rule: ``rate`` points per currency unit (on the order, or on lines of
    ``category_id``), or ``points`` once a year for an order in the member's birthday month."""

    __tablename__ = "retail_loyalty_rules"
    __table_args__ = (Index("ix_retail_loyalty_rules_tenant_kind", "tenant_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    category_id: int | None = Field(default=None, foreign_key="retail_categories.id", ondelete="CASCADE")
    rate: Decimal | None = Field(default=None, sa_type=Numeric(10, 4))
    points: int | None = None
    active: bool = True


class LoyaltyTier(TenantOwned, table=True):
    """A tier a member reaches with ``min_points`` qualifying points over the last 12 months."""

    __tablename__ = "retail_loyalty_tiers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code", name="uq_retail_loyalty_tiers_tenant_code"),
        CheckConstraint("min_points >= 0", name="ck_retail_loyalty_tiers_min_points"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    min_points: int


class LoyaltySettings(TenantOwned, table=True):
    """When points expire (never, on a fixed date of the year after they were earned, or after
    ``inactivity_days`` without earning or redeeming), and the birthday offer."""

    __tablename__ = "retail_loyalty_settings"

    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", primary_key=True, nullable=False)
    expiry_mode: str = Field(default="never", max_length=16)
    expiry_month: int | None = None
    expiry_day: int | None = None
    inactivity_days: int | None = None
    #: The birthday offer reminded to the member's owner ``birthday_notice_days`` before the day.
    birthday_offer: str = Field(default="", max_length=200)
    birthday_notice_days: int = 7
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LoyaltyAccount(TenantOwned, table=True):
    """A member's serialized balance, qualifying points and tier."""

    __tablename__ = "retail_loyalty_accounts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id", name="uq_retail_loyalty_accounts_customer"),
        Index("ix_retail_loyalty_accounts_tenant_tier", "tenant_id", "tier_code"),
        CheckConstraint("balance >= 0", name="ck_retail_loyalty_accounts_balance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    balance: int = 0
    qualifying_points: int = 0
    tier_code: str | None = Field(default=None, max_length=32)
    last_activity_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoyaltyEntry(TenantOwned, table=True):
    """One change of a member's points; never updated or deleted."""

    __tablename__ = "retail_loyalty_ledger"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key", name="uq_retail_loyalty_ledger_key"),
        Index("ix_retail_loyalty_ledger_tenant_customer", "tenant_id", "customer_id", "created_at"),
        CheckConstraint("balance_after >= 0", name="ck_retail_loyalty_ledger_balance"),
        CheckConstraint("qualifying >= 0", name="ck_retail_loyalty_ledger_qualifying"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)
    points: int
    qualifying: int = 0
    balance_after: int
    idempotency_key: str = Field(max_length=100)
    order_id: int | None = Field(default=None, foreign_key="retail_orders.id", ondelete="SET NULL")
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


TABLES = (LoyaltyRule, LoyaltyTier, LoyaltySettings, LoyaltyAccount, LoyaltyEntry)
