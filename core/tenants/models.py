"""Tenants: the table of client firms and the bodies of operators' tenant management."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlmodel import Field, SQLModel

from core.modelbase import _ts


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


class TenantCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "slug": "hangzhou-auto",
                    "name": "杭州汽修",
                    "phone_region": "CN",
                    "timezone": "Asia/Shanghai",
                    "locale": "zh_Hans",
                    "currency": "CNY",
                }
            ]
        },
    )

    slug: str = Field(min_length=2, max_length=63)
    name: str = Field(min_length=1, max_length=200)
    locale: str = "zh_Hans"
    timezone: str = "Asia/Shanghai"
    phone_region: str = Field(default="CN", min_length=2, max_length=2)
    currency: str = Field(default="CNY", min_length=3, max_length=3)


class TenantOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "slug": "hangzhou-auto",
                    "name": "杭州汽修",
                    "edition": "basic",
                    "locale": "zh_Hans",
                    "timezone": "Asia/Shanghai",
                    "phone_region": "CN",
                    "currency": "CNY",
                    "created_at": "2026-05-01T02:00:00Z",
                }
            ]
        },
    )

    id: int
    slug: str
    name: str
    edition: str
    locale: str
    timezone: str
    phone_region: str
    currency: str
    created_at: datetime
