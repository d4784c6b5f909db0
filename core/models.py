"""Core tables: customers, interactions and per-tenant pack state; and the aggregator of every
core table.

Importing this module puts every core table in the metadata: each feature's table module is
imported here, and the tables that moved into their feature's package (tenants live in
core.tenants, users and roles in core.users) stay importable from here, as packs and the SDK
import them.

Every tenant-owned table inherits :class:`TenantOwned`; the tenant-scoped session (core.tenancy)
filters and stamps ``tenant_id`` on it, so isolation lives in one place instead of in every query.
Tenant-owned tables lead their indexes with ``tenant_id`` (see docs/decisions.md).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, Integer, Numeric, UniqueConstraint
from sqlmodel import Field

# Every domain's tables, so that importing this module puts every core table in the metadata.
import core.api.models  # idempotency keys
import core.apikeys.models  # api keys
import core.audit.models  # audit log
import core.auth.models  # refresh tokens, login attempts, web sessions
import core.importing.models  # import jobs
import core.metrics.models  # recorded costs
import core.reminders.models  # promotions, receivables, follow-ups, deliveries
import core.segments.models  # saved segments
import core.surveys.models  # noqa: F401  (satisfaction surveys)
from core.modelbase import TenantOwned, _ts  # TenantOwned stays importable from here (sdk does)
from core.tenants.models import Tenant  # noqa: F401  (importable from here)
from core.types import JSONType, UTCDateTime
from core.users.models import Role, User  # noqa: F401  (importable from here)

_CUSTOMER_VERSION = Column("version", Integer, nullable=False, default=1)


class Customer(TenantOwned, table=True):
    """A person or organization the firm does business with.

    ``version`` is SQLAlchemy's version counter: an UPDATE whose version no longer matches fails,
    so no edit is silently lost.  ``deleted_at`` marks a soft delete (restorable).
    """

    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "external_id", name="uq_customers_tenant_external_id"),
        Index("ix_customers_tenant_name", "tenant_id", "name"),
        Index("ix_customers_tenant_name_key", "tenant_id", "name_key"),
        Index("ix_customers_tenant_phone", "tenant_id", "phone"),
        Index("ix_customers_tenant_email", "tenant_id", "email"),
        Index("ix_customers_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_customers_tenant_updated", "tenant_id", "updated_at"),
        Index("ix_customers_tenant_live", "tenant_id", "deleted_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = Field(default=None, max_length=64)
    kind: str = Field(default="person", max_length=16)
    name: str = Field(max_length=200)
    #: Script- and spacing-independent key (simplified, pinyin without tones) used for search/dedupe.
    name_key: str = Field(default="", max_length=400)
    phone: str | None = Field(default=None, max_length=20)
    phones: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    email: str | None = Field(default=None, max_length=254)
    emails: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    birthday: date | None = None
    birthday_lunar: bool = False
    lunar_birth_month: int | None = None
    lunar_birth_day: int | None = None
    lunar_birth_leap: bool = False
    city: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=500)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    owner_id: int | None = Field(default=None, foreign_key="users.id")
    team: str | None = Field(default=None, max_length=100)
    grade: str | None = Field(default=None, max_length=8)
    pack_data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    version: int = Field(default=1, sa_column=_CUSTOMER_VERSION)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    __mapper_args__ = {"version_id_col": _CUSTOMER_VERSION}  # noqa: RUF012  (read by the mapper)


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


class TenantPack(TenantOwned, table=True):
    """Whether a tenant has a pack enabled, since when, by whom, and its per-tenant config.

    Rows are never deleted on disable: a disabled pack's data and config come back on re-enable.
    """

    __tablename__ = "tenant_packs"

    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", primary_key=True, nullable=False)
    pack: str = Field(max_length=63, primary_key=True)
    enabled: bool = True
    enabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    enabled_by: str | None = Field(default=None, max_length=254)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pack_version: str | None = Field(default=None, max_length=32)
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
