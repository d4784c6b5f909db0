"""The customers table: a person or organization the firm does business with.

Only the table lives here, so the bounds that read its column lengths (core.customers.limits)
and the API schemas built on those bounds (core.customers.schemas) can import it without a cycle.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, Integer, UniqueConstraint
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts
from core.types import JSONType, UTCDateTime

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
