"""The collections API's request and response bodies.  Money travels as decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField


class InstalmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Decimal = PydanticField(gt=0, max_digits=14, decimal_places=2, examples=["1000.00"])
    due_on: date = PydanticField(examples=["2026-01-31"])


class PlanCreate(BaseModel):
    """A collection plan: what the customer owes, in instalments of one currency."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "customer_id": 1,
                    "title": "合同 HT-2026-001",
                    "currency": "CNY",
                    "instalments": [{"amount": "1000.00", "due_on": "2026-01-31"}],
                }
            ]
        },
    )

    customer_id: int
    title: str = PydanticField(min_length=1, max_length=200)
    currency: str | None = PydanticField(default=None, min_length=3, max_length=3, examples=["CNY"])
    instalments: list[InstalmentCreate] = PydanticField(min_length=1, max_length=120)
    external_ref: str | None = PydanticField(
        default=None, min_length=1, max_length=64, examples=["HT-2026-001"]
    )
    reference_pack: str | None = PydanticField(default=None, max_length=64, examples=["retail"])
    reference_type: str | None = PydanticField(default=None, max_length=32, examples=["order"])
    reference_id: str | None = PydanticField(default=None, max_length=64, examples=["SO-1001"])
    note: str = PydanticField(default="", max_length=500)
    remind_customer: bool = False


class PaymentCreate(BaseModel):
    """Money received: on one instalment, or (without ``instalment_id``) spread over the open
    instalments earliest first.  More than is open is refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    amount: Decimal = PydanticField(gt=0, max_digits=14, decimal_places=2, examples=["500.00"])
    paid_on: date | None = PydanticField(default=None, examples=["2026-01-20"])
    instalment_id: int | None = PydanticField(default=None, ge=1, le=2_147_483_647)
    method: str | None = PydanticField(default=None, max_length=32, examples=["bank transfer"])
    reference: str | None = PydanticField(default=None, max_length=64, examples=["TX-8899"])
    note: str = PydanticField(default="", max_length=500)


class WriteOffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = PydanticField(min_length=1, max_length=500, examples=["customer went bankrupt"])


class InstalmentOut(BaseModel):
    id: int
    seq: int
    amount: Decimal
    currency: str
    due_on: date
    paid_amount: Decimal
    open_amount: Decimal
    status: str
    ageing_bucket: str | None
    written_off_at: datetime | None
    written_off_reason: str | None


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    instalment_id: int
    amount: Decimal
    currency: str
    paid_on: date
    method: str | None
    reference: str | None
    note: str
    recorded_by: int | None
    created_at: datetime


class PlanOut(BaseModel):
    id: int
    customer_id: int
    title: str
    currency: str
    external_ref: str | None
    reference_pack: str | None
    reference_type: str | None
    reference_id: str | None
    note: str
    remind_customer: bool
    created_at: datetime
    total: Decimal
    paid: Decimal
    outstanding: Decimal
    status: str
    instalments: list[InstalmentOut]
    payments: list[PaymentOut] = []


class AgeingRow(BaseModel):
    currency: str
    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    days_90_plus: Decimal
    total: Decimal


class OpenInstalmentOut(BaseModel):
    id: int
    plan_id: int
    plan_title: str
    customer_id: int
    owner_id: int | None
    seq: int
    due_on: date
    amount: Decimal
    paid_amount: Decimal
    open_amount: Decimal
    currency: str
    ageing_bucket: str


class AgeingOut(BaseModel):
    on: date
    owner_id: int | None
    rows: list[AgeingRow]
    instalments: list[OpenInstalmentOut]


class BalanceOut(BaseModel):
    currency: str
    outstanding: Decimal
    overdue: Decimal
