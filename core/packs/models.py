"""A tenant's pack state (the ``tenant_packs`` table) and the bodies of the pack and edition routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column
from sqlmodel import Field as TableField

from core.modelbase import TenantOwned
from core.types import JSONType, UTCDateTime


class TenantPack(TenantOwned, table=True):
    """Whether a tenant has a pack enabled, since when, by whom, and its per-tenant config.

    Rows are never deleted on disable: a disabled pack's data and config come back on re-enable.
    """

    __tablename__ = "tenant_packs"

    tenant_id: int | None = TableField(
        default=None, foreign_key="tenants.id", primary_key=True, nullable=False
    )
    pack: str = TableField(max_length=63, primary_key=True)
    enabled: bool = True
    enabled_at: datetime | None = TableField(default=None, sa_type=UTCDateTime)
    enabled_by: str | None = TableField(default=None, max_length=254)
    disabled_at: datetime | None = TableField(default=None, sa_type=UTCDateTime)
    pack_version: str | None = TableField(default=None, max_length=32)
    config: dict[str, Any] = TableField(default_factory=dict, sa_column=Column(JSONType, nullable=False))


class PackOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "auto",
                    "title": "Auto repair",
                    "version": "0.1.0",
                    "enabled": True,
                    "enabled_at": "2026-05-01T02:00:00Z",
                    "depends": [],
                }
            ]
        }
    )

    name: str
    title: str
    version: str
    enabled: bool
    enabled_at: datetime | None
    depends: list[str]


class PackChangeOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"enabled": ["auto"], "disabled": []}]})

    enabled: list[str] = Field(default_factory=list)
    disabled: list[str] = Field(default_factory=list)


class EditionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "edition": "standard",
                    "available": ["basic", "standard", "professional"],
                    "enabled": [],
                    "disabled": [],
                }
            ]
        }
    )

    edition: str
    available: list[str]
    enabled: list[str] = Field(default_factory=list)
    disabled: list[str] = Field(default_factory=list)


class EditionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"edition": "professional"}]})

    edition: str = Field(min_length=1, max_length=63)
