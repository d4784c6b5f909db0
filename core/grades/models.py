"""The ``grade_rules`` table: a tenant's grade thresholds and when they were last applied."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field

from core.modelbase import TenantOwned
from core.types import JSONType, UTCDateTime, utcnow


class GradeRules(TenantOwned, table=True):
    """Minimum total purchase spend per grade (``{"A": "10000", "B": "2000", "C": "0"}``, amounts
    as text so they stay exact); one row per tenant, absent until someone saves rules."""

    __tablename__ = "grade_rules"

    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", primary_key=True, nullable=False)
    thresholds: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: str | None = Field(default=None, max_length=300)
    applied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: Customers whose grade the last run changed, by grade (``""``: grade cleared).
    applied_changes: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType, nullable=True))
