"""Customer input and output schemas (pydantic): what the API accepts and returns.

The bounds come from core.customers.limits, which the services apply again for callers that do
not come through the API (web forms, packs, imports).  The table itself is core.customers.models:
the bounds read its column lengths, so the schemas cannot live beside it without a cycle.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from core.customers.limits import (
    EMAIL_MAX_LENGTH,
    MAX_EMAILS,
    MAX_PHONES,
    MAX_TAGS,
    PACK_DATA_MAX_BYTES,
    PHONE_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TEXT_MAX_LENGTHS,
    json_at_most,
)

_MAX = TEXT_MAX_LENGTHS

Phone = Annotated[str, Field(max_length=PHONE_MAX_LENGTH)]
Email = Annotated[str, Field(max_length=EMAIL_MAX_LENGTH)]
Tag = Annotated[str, Field(max_length=TAG_MAX_LENGTH)]
PackData = Annotated[dict[str, Any], json_at_most(PACK_DATA_MAX_BYTES)]
_PACK_DATA_DOC = (
    f"Pack fields (at most {PACK_DATA_MAX_BYTES // 1024} KB as JSON); `merged_into` is "
    "written by the server only."
)


class LunarBirthday(BaseModel):
    """A birthday written in the lunar calendar; ``year`` is the lunar year, when known."""

    year: int | None = Field(default=None, ge=1901, le=2099)
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=30)
    leap: bool = False


class CustomerFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["person", "organization"] = "person"
    phones: list[Phone] = Field(default_factory=list, max_length=MAX_PHONES, examples=[["138 0013 8000"]])
    emails: list[Email] = Field(default_factory=list, max_length=MAX_EMAILS, examples=[["li.na@example.cn"]])
    birthday: date | None = Field(default=None, description="Solar birthday.")
    lunar_birthday: LunarBirthday | None = Field(
        default=None, description="Birthday in the lunar calendar (instead of `birthday`)."
    )
    city: str | None = Field(default=None, max_length=_MAX["city"])
    address: str | None = Field(default=None, max_length=_MAX["address"])
    tags: list[Tag] = Field(default_factory=list, max_length=MAX_TAGS)
    owner_id: int | None = None
    team: str | None = Field(default=None, max_length=_MAX["team"])
    grade: str | None = Field(default=None, max_length=_MAX["grade"])
    external_id: str | None = Field(default=None, max_length=_MAX["external_id"])
    pack_data: PackData = Field(default_factory=dict, description=_PACK_DATA_DOC)


class CustomerCreate(CustomerFields):
    name: str = Field(min_length=1, max_length=_MAX["name"], examples=["陳怡君"])


class CustomerUpdate(BaseModel):
    """A partial update: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=_MAX["name"])
    kind: Literal["person", "organization"] | None = None
    phones: list[Phone] | None = Field(default=None, max_length=MAX_PHONES)
    emails: list[Email] | None = Field(default=None, max_length=MAX_EMAILS)
    birthday: date | None = None
    lunar_birthday: LunarBirthday | None = None
    city: str | None = Field(default=None, max_length=_MAX["city"])
    address: str | None = Field(default=None, max_length=_MAX["address"])
    tags: list[Tag] | None = Field(default=None, max_length=MAX_TAGS)
    owner_id: int | None = None
    team: str | None = Field(default=None, max_length=_MAX["team"])
    grade: str | None = Field(default=None, max_length=_MAX["grade"])
    external_id: str | None = Field(default=None, max_length=_MAX["external_id"])
    pack_data: PackData | None = Field(default=None, description=_PACK_DATA_DOC)
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


_CUSTOMER_EXAMPLE: JsonDict = {
    "id": 42,
    "kind": "person",
    "name": "陳怡君",
    "phone": "+8613800138000",
    "phones": ["+8613800138000"],
    "email": "li.na@example.cn",
    "emails": ["li.na@example.cn"],
    "birthday": None,
    "birthday_lunar": True,
    "lunar_birth_month": 8,
    "lunar_birth_day": 15,
    "lunar_birth_leap": False,
    "city": "杭州",
    "address": None,
    "tags": ["vip"],
    "owner_id": 7,
    "team": "east",
    "grade": "A",
    "external_id": None,
    "pack_data": {},
    "created_at": "2026-05-01T02:00:00Z",
    "updated_at": "2026-05-02T02:00:00Z",
    "version": 3,
    "deleted_at": None,
}


class CustomerOut(CustomerPublic):
    """A customer; ``version`` is also sent as the ``ETag`` header."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_CUSTOMER_EXAMPLE]})


class CustomerPage(BaseModel):
    """One page of customers in id order; pass ``next_cursor`` as ``cursor`` for the next."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_CUSTOMER_EXAMPLE], "next_cursor": "NDI"}]}
    )

    items: list[CustomerOut]
    next_cursor: str | None


class MergeIn(BaseModel):
    """Merge ``duplicate_id`` into the customer in the path (the survivor)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"duplicate_id": 43}]})

    duplicate_id: int = Field(ge=1, le=2_147_483_647)
    version: int | None = Field(default=None, description="The survivor's version (or If-Match).")
