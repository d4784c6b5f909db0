"""Customer input and output schemas (pydantic): what the API accepts and returns."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class LunarBirthday(BaseModel):
    """A birthday written in the lunar calendar; ``year`` is the lunar year, when known."""

    year: int | None = Field(default=None, ge=1901, le=2099)
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=30)
    leap: bool = False


class CustomerFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["person", "organization"] = "person"
    phones: list[str] = Field(default_factory=list, max_length=10, examples=[["138 0013 8000"]])
    emails: list[str] = Field(default_factory=list, max_length=10, examples=[["li.na@example.cn"]])
    birthday: date | None = Field(default=None, description="Solar birthday.")
    lunar_birthday: LunarBirthday | None = Field(
        default=None, description="Birthday in the lunar calendar (instead of `birthday`)."
    )
    city: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=500)
    tags: list[str] = Field(default_factory=list, max_length=50)
    owner_id: int | None = None
    team: str | None = Field(default=None, max_length=100)
    grade: str | None = Field(default=None, max_length=8)
    external_id: str | None = Field(default=None, max_length=64)
    pack_data: dict[str, Any] = Field(default_factory=dict)


class CustomerCreate(CustomerFields):
    name: str = Field(min_length=1, max_length=200, examples=["陳怡君"])


class CustomerUpdate(BaseModel):
    """A partial update: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: Literal["person", "organization"] | None = None
    phones: list[str] | None = Field(default=None, max_length=10)
    emails: list[str] | None = Field(default=None, max_length=10)
    birthday: date | None = None
    lunar_birthday: LunarBirthday | None = None
    city: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=500)
    tags: list[str] | None = Field(default=None, max_length=50)
    owner_id: int | None = None
    team: str | None = Field(default=None, max_length=100)
    grade: str | None = Field(default=None, max_length=8)
    external_id: str | None = Field(default=None, max_length=64)
    pack_data: dict[str, Any] | None = None
    version: int | None = Field(default=None, description="The version the edit is based on.")


class CustomerPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    name: str
    phone: str | None
    phones: list[str]
    email: str | None
    emails: list[str]
    birthday: date | None
    birthday_lunar: bool
    lunar_birth_month: int | None
    lunar_birth_day: int | None
    lunar_birth_leap: bool
    city: str | None
    address: str | None
    tags: list[str]
    owner_id: int | None
    team: str | None
    grade: str | None
    external_id: str | None
    pack_data: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    version: int
    deleted_at: datetime | None
