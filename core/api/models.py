"""API-level tables: stored answers to ``Idempotency-Key`` requests, per tenant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts
from core.types import JSONType


class IdempotencyRecord(TenantOwned, table=True):
    """The first answer to a create sent with an ``Idempotency-Key``; a retry gets it back."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_idempotency_keys_tenant_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int
    response: Any = Field(default=None, sa_column=Column(JSONType, nullable=True))
    created_at: datetime = _ts()
