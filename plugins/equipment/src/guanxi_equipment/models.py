"""The equipment pack's table and API schemas.

An opportunity is a deal in progress with one customer.  ``stage`` holds a stage key from the
tenant's stage list (see :mod:`guanxi_equipment.stages`); ``closed_at`` is set when it reaches a
closing stage (won or lost), so "open pipeline" is an indexed ``closed_at IS NULL``.

Opportunities are ``Versioned``: two sellers editing one deal cannot overwrite each other (a stale
``If-Match`` is a 412), and the stage moves only through :func:`guanxi_equipment.service.move_stage`,
which keeps every move with who and when.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlalchemy import Index, Numeric
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow
from sdk.records import Versioned


class EquipmentOpportunity(TenantOwned, Versioned, table=True):
    """A sales opportunity: what may be sold to whom, for how much, by when, handled by whom."""

    __tablename__ = "equipment_opportunities"
    __table_args__ = (
        Index("ix_equipment_opportunities_tenant_stage", "tenant_id", "stage", "expected_close"),
        Index("ix_equipment_opportunities_tenant_customer", "tenant_id", "customer_id"),
        Index("ix_equipment_opportunities_tenant_owner", "tenant_id", "owner_id", "closed_at"),
        Index("ix_equipment_opportunities_tenant_close", "tenant_id", "expected_close"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    title: str = Field(max_length=200)
    stage: str = Field(max_length=32)
    amount: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    currency: str | None = Field(default=None, max_length=3)
    expected_close: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OpportunityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    title: str = PydanticField(min_length=1, max_length=200, examples=["数控车床 CK6150 两台"])
    stage: str | None = PydanticField(default=None, max_length=32, examples=["lead"])
    amount: Decimal | None = PydanticField(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = PydanticField(default=None, min_length=3, max_length=3)
    expected_close: date | None = None
    owner_id: int | None = None


class OpportunityUpdate(BaseModel):
    """What a seller may change on a deal; the stage moves through its own route."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = PydanticField(
        default=None, min_length=1, max_length=200, examples=["数控车床 CK6150 三台"]
    )
    amount: Decimal | None = PydanticField(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = PydanticField(default=None, min_length=3, max_length=3)
    expected_close: date | None = None
    owner_id: int | None = None


class StageMove(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    stage: str = PydanticField(min_length=1, max_length=32, examples=["qualified"])


class OpportunityPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    title: str
    stage: str
    amount: Decimal | None
    currency: str | None
    expected_close: date | None
    owner_id: int | None
    closed_at: datetime | None
    version: int


class StagePublic(BaseModel):
    key: str
    title: str
    probability: int
    closed: bool
