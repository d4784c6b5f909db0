"""Customer bodies as the API shows them (core.customers.schemas holds the inputs)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from core.customers.schemas import CustomerPublic

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
