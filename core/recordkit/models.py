"""The transitions table: every state change of every record, core's or a pack's, with who and when.

One table for all record types, rather than one per pack, so that history reads, retention and the
audit view need no per-pack code; rows are written once and never updated.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Index
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts


class RecordTransition(TenantOwned, table=True):
    """``record_type`` is the record's table name (pack tables carry the pack's prefix)."""

    __tablename__ = "record_transitions"
    __table_args__ = (
        Index("ix_record_transitions_tenant_record", "tenant_id", "record_type", "record_id", "at"),
        Index("ix_record_transitions_tenant_at", "tenant_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    record_type: str = Field(max_length=63)
    record_id: int
    field: str = Field(max_length=63)
    from_state: str | None = Field(default=None, max_length=63)
    to_state: str = Field(max_length=63)
    actor: str = Field(max_length=300)
    at: datetime = _ts()


class TransitionOut(BaseModel):
    """One state change as the API shows it."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "from_state": "open",
                    "to_state": "done",
                    "actor": "user:owner@firm.example",
                    "at": "2026-12-07T10:00:00Z",
                }
            ]
        },
    )

    from_state: str | None
    to_state: str
    actor: str
    at: datetime
