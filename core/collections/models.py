"""Tables of payment collection: a plan per customer, its instalments, and the payments received.

A plan is what a customer agreed to pay (for an order, deal or contract a pack keeps: the
``reference_*`` fields name that record without a foreign key into a pack's table).  Each
instalment carries its own amount and due date; ``paid_amount`` is kept on the instalment by the
service that records payments, so ageing, reminders and metrics read one table set-based instead
of summing payments per row.  Every table carries ``customer_id`` so record rules and reminders
need no join through the plan.  Money is ``Numeric(14, 2)`` with a currency code beside it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint
from sqlmodel import Field

from core.modelbase import TenantOwned
from core.types import UTCDateTime, utcnow

MONEY = Numeric(14, 2)


class CollectionPlan(TenantOwned, table=True):
    """What one customer owes in one currency, due in instalments."""

    __tablename__ = "collection_plans"
    __table_args__ = (
        Index("ix_collection_plans_tenant_customer", "tenant_id", "customer_id"),
        UniqueConstraint("tenant_id", "external_ref", name="uq_collection_plans_tenant_external_ref"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    title: str = Field(max_length=200)
    currency: str = Field(max_length=3)
    #: The plan's number in the firm's own books; unique, so importing a file twice adds nothing.
    external_ref: str | None = Field(default=None, max_length=64)
    #: The pack record the money is for (``retail`` / ``order`` / ``SO-1001``), when there is one.
    reference_pack: str | None = Field(default=None, max_length=64)
    reference_type: str | None = Field(default=None, max_length=32)
    reference_id: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=500)
    #: Whether the customer gets the reminder e-mail before an instalment falls due.
    remind_customer: bool = False
    created_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CollectionInstalment(TenantOwned, table=True):
    """One amount due on one date; paid in one or more payments, or written off."""

    __tablename__ = "collection_instalments"
    __table_args__ = (
        Index("ix_collection_instalments_tenant_due", "tenant_id", "due_on"),
        Index("ix_collection_instalments_tenant_customer", "tenant_id", "customer_id"),
        Index("ix_collection_instalments_tenant_plan", "tenant_id", "plan_id", "seq"),
        CheckConstraint("amount > 0", name="ck_collection_instalments_amount_positive"),
        CheckConstraint(
            "paid_amount >= 0 AND paid_amount <= amount", name="ck_collection_instalments_paid_in_range"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="collection_plans.id", ondelete="CASCADE")
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    seq: int = 1
    amount: Decimal = Field(sa_type=MONEY)
    currency: str = Field(max_length=3)
    due_on: date
    paid_amount: Decimal = Field(default=Decimal("0"), sa_type=MONEY)
    written_off_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    written_off_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CollectionPayment(TenantOwned, table=True):
    """Money received against one instalment (a receipt spread over several is several rows)."""

    __tablename__ = "collection_payments"
    __table_args__ = (
        Index("ix_collection_payments_tenant_instalment", "tenant_id", "instalment_id"),
        Index("ix_collection_payments_tenant_paid_on", "tenant_id", "paid_on"),
        Index("ix_collection_payments_tenant_plan", "tenant_id", "plan_id"),
        CheckConstraint("amount > 0", name="ck_collection_payments_amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="collection_plans.id", ondelete="CASCADE")
    instalment_id: int = Field(foreign_key="collection_instalments.id", ondelete="CASCADE")
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    amount: Decimal = Field(sa_type=MONEY)
    currency: str = Field(max_length=3)
    paid_on: date
    method: str | None = Field(default=None, max_length=32)
    reference: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=500)
    recorded_by: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
