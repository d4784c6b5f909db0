"""The audit log table (one row per change of one record, with every changed field) and the bodies
of the audit route."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, Index
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts
from core.types import JSONType


class AuditEntry(TenantOwned, table=True):
    """``changes`` maps field -> ``[old, new]`` (JSON values); rows are never updated or deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_tenant_at", "tenant_id", "at"),
        Index("ix_audit_log_tenant_entity", "tenant_id", "entity", "entity_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts()
    actor: str = Field(max_length=300)
    via_pack: str | None = Field(default=None, max_length=63)
    api_key_id: int | None = Field(default=None)
    entity: str = Field(max_length=63)
    entity_id: str = Field(max_length=64)
    action: str = Field(max_length=32)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))


class AuditOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 100,
                    "at": "2026-05-01T02:00:00Z",
                    "actor": "user:wang.fang@example.cn",
                    "via_pack": None,
                    "api_key_id": None,
                    "entity": "customer",
                    "entity_id": "42",
                    "action": "update",
                    "changes": {"city": ["上海", "杭州"]},
                }
            ]
        },
    )

    id: int
    at: datetime
    actor: str
    via_pack: str | None
    api_key_id: int | None
    entity: str
    entity_id: str
    action: str
    changes: dict[str, Any]


class AuditPage(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [], "next_cursor": None}]})

    items: list[AuditOut]
    next_cursor: str | None
