"""Bodies of operators' tenant management."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


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
