"""Core tables: every one is imported here, so the SQLAlchemy metadata is complete.

Tenants, users and per-tenant pack state are defined here; each domain's tables live in its own
package (``core.customers.models``, ``core.audit.models``, ...) and are imported below, the ones
packs and older code import from here re-exported under their usual names.

Every tenant-owned table inherits :class:`TenantOwned`; the tenant-scoped session (core.tenancy)
filters and stamps ``tenant_id`` on it, so isolation lives in one place instead of in every query.
Tenant-owned tables lead their indexes with ``tenant_id`` (see docs/decisions.md).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

# Every domain's tables, so that importing this module puts every core table in the metadata.
import core.api.models  # idempotency keys
import core.audit.models  # audit log
import core.auth.models  # api keys, refresh tokens, login attempts
import core.importing.models  # import jobs
import core.metrics.models  # recorded costs
import core.reminders.models  # promotions, receivables, follow-ups, deliveries
import core.segments.models  # saved segments
import core.surveys.models  # noqa: F401  (satisfaction surveys)
from core.customers.models import Customer
from core.interactions.models import Interaction, InteractionKind
from core.modelbase import TenantOwned, _ts  # TenantOwned stays importable from here (sdk does)
from core.types import JSONType, UTCDateTime


class Tenant(SQLModel, table=True):
    """A client firm.  Not tenant-owned itself; operators manage tenants across clients."""

    __tablename__ = "tenants"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=63, unique=True)
    name: str = Field(max_length=200)
    edition: str = Field(default="basic", max_length=63)
    locale: str = Field(default="zh_Hans", max_length=16)
    timezone: str = Field(default="Asia/Shanghai", max_length=64)
    phone_region: str = Field(default="CN", max_length=2)
    currency: str = Field(default="CNY", max_length=3)
    created_at: datetime = _ts()


class Role(enum.StrEnum):
    """Tenant roles, most to least privileged; ``operator`` is the deployment's integrator."""

    operator = "operator"
    owner = "owner"
    admin = "admin"
    manager = "manager"
    rep = "rep"
    technician = "technician"
    viewer = "viewer"


class User(TenantOwned, table=True):
    """A person who signs in.  Operators have no tenant (``tenant_id`` is NULL)."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_tenant_role", "tenant_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", nullable=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=200)
    role: str = Field(default=Role.rep.value, max_length=32)
    team: str | None = Field(default=None, max_length=100)
    password_hash: str = Field(default="", max_length=255)
    locale: str | None = Field(default=None, max_length=16)
    active: bool = True
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


__all__ = [
    "Customer",
    "Interaction",
    "InteractionKind",
    "Role",
    "Tenant",
    "TenantOwned",
    "TenantPack",
    "User",
]
