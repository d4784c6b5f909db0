"""The retail API's request and response schemas for orders, their lines and returns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PydanticField


class OrderLineCreate(BaseModel):
    """One line of a new order: a product by id or SKU; the price defaults to the list price."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    product_id: int | None = None
    sku: str | None = PydanticField(default=None, min_length=1, max_length=64)
    quantity: int = PydanticField(default=1, ge=1, le=1_000_000)
    unit_price: Decimal | None = PydanticField(default=None, ge=0, max_digits=14, decimal_places=2)

    @model_validator(mode="after")
    def _names_a_product(self) -> OrderLineCreate:
        if (self.product_id is None) == (self.sku is None):
            raise ValueError("give either product_id or sku")
        return self


class RetailOrderCreate(BaseModel):
    """What a client sends to record an order: a total, or lines the total is computed from."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    total: Decimal | None = PydanticField(
        default=None, ge=0, max_digits=14, decimal_places=2, examples=["388.00"]
    )
    lines: list[OrderLineCreate] = PydanticField(default_factory=list, max_length=500)
    currency: str | None = PydanticField(default=None, min_length=3, max_length=3, examples=["CNY"])
    ordered_at: datetime | None = None
    channel: str | None = PydanticField(default=None, max_length=32, examples=["store"])
    store: str | None = PydanticField(default=None, max_length=100, examples=["南京西路店"])
    external_ref: str | None = PydanticField(default=None, max_length=64)


class RetailOrderPublic(BaseModel):
    """An order as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    ordered_at: datetime
    total: Decimal
    currency: str
    channel: str | None
    store: str | None
    source_interaction_id: int | None
    external_ref: str | None
    created_at: datetime
    lines: list[OrderLinePublic] = []


class OrderLinePublic(BaseModel):
    """An order line as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    product_id: int
    quantity: int
    unit_price: Decimal
    amount: Decimal
    cost: Decimal | None


class ReturnCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    order_id: int
    amount: Decimal = PydanticField(gt=0, max_digits=14, decimal_places=2)
    product_id: int | None = None
    quantity: int | None = PydanticField(default=None, ge=1)
    reason: str | None = PydanticField(default=None, max_length=200)
    returned_at: datetime | None = None


class ReturnPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    order_id: int
    product_id: int | None
    quantity: int | None
    amount: Decimal
    reason: str | None
    returned_at: datetime
