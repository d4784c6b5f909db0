"""Bodies of the pack and edition routes (a tenant's pack state is core.models.TenantPack)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


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
