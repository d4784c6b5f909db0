"""The API key table and the bodies of the API key routes.

The key itself is never stored: it is kept as a SHA-256 digest (a long random string, so a fast
digest is enough; passwords, which people choose, use argon2 instead).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, Index
from sqlmodel import Field

from core.modelbase import TenantOwned, _ts
from core.types import JSONType, UTCDateTime


class ApiKey(TenantOwned, table=True):
    """A tenant's key for an integration; ``prefix`` finds the row, ``key_hash`` proves the key."""

    __tablename__ = "api_keys"
    __table_args__ = (Index("ix_api_keys_tenant_created", "tenant_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, unique=True)
    key_hash: str = Field(max_length=64)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))
    created_by: str | None = Field(default=None, max_length=254)
    created_at: datetime = _ts()
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"name": "shop sync", "scopes": ["read"]}]},
    )

    name: str = Field(min_length=1, max_length=100)
    scopes: list[str] = Field(min_length=1, max_length=2, description="`read` and/or `write`.")


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "name": "shop sync",
                    "prefix": "a1b2c3d4e5f6",
                    "scopes": ["read"],
                    "created_by": "user:x@y.cn",
                    "created_at": "2026-05-01T02:00:00Z",
                    "revoked_at": None,
                }
            ]
        },
    )

    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_by: str | None
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    """The new key; ``key`` is shown this once and cannot be retrieved later."""

    key: str
