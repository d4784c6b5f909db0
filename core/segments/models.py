"""Saved segments: a name and the filters that define it (evaluated live, never a stored list)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field

from core.modelbase import TenantOwned
from core.types import JSONType, UTCDateTime, utcnow


class Segment(TenantOwned, table=True):
    """A named filter over customers, used by campaigns and exports.

    ``filters`` maps a field key (core's or a pack's, see ``guanxi_register_segment_fields``) to
    its value; all filters must hold.  Membership is computed when used, so it is never stale.
    """

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("tenant_id", "name", name="uq_segments_tenant_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    filters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
