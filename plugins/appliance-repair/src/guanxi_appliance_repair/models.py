"""The appliance repair pack's table and API schemas.

A ticket is one appliance of one customer brought in (or called in) for repair.  ``closed_at`` is
set when the ticket reaches a final status, so the open queue is an indexed ``status`` lookup and
turnaround time is ``closed_at - opened_at``.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlalchemy import Index
from sqlmodel import Field

from sdk import TenantOwned, UTCDateTime, utcnow

STATUSES = ("open", "assigned", "in_progress", "waiting_parts", "done", "cancelled")
FINAL_STATUSES = frozenset({"done", "cancelled"})


class RepairTicket(TenantOwned, table=True):
    """A repair job: which appliance, what is wrong, whether it is under warranty, who fixes it."""

    __tablename__ = "appliance_repair_tickets"
    __table_args__ = (
        Index("ix_appliance_repair_tickets_tenant_status", "tenant_id", "status", "opened_at"),
        Index("ix_appliance_repair_tickets_tenant_customer", "tenant_id", "customer_id"),
        Index("ix_appliance_repair_tickets_tenant_technician", "tenant_id", "technician_id", "status"),
        Index("ix_appliance_repair_tickets_tenant_serial", "tenant_id", "serial"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customers.id", ondelete="CASCADE")
    appliance: str = Field(max_length=100)
    serial: str | None = Field(default=None, max_length=64)
    purchased_on: date | None = None
    symptom: str = Field(max_length=2000)
    status: str = Field(default="open", max_length=16)
    warranty_until: date | None = None
    technician_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def in_warranty(self) -> bool:
        """Whether the repair is covered: the warranty still ran on the day the ticket opened."""
        return self.warranty_until is not None and self.opened_at.date() <= self.warranty_until


class TicketCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer_id: int
    appliance: str = PydanticField(min_length=1, max_length=100, examples=["海尔冰箱 BCD-470"])
    symptom: str = PydanticField(min_length=1, max_length=2000, examples=["冷藏室不制冷"])
    serial: str | None = PydanticField(default=None, max_length=64)
    purchased_on: date | None = None
    warranty_until: date | None = None
    technician_id: int | None = None


class TicketUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: str = PydanticField(max_length=16, examples=["in_progress"])


class TicketPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    appliance: str
    serial: str | None
    purchased_on: date | None
    symptom: str
    status: str
    warranty_until: date | None
    in_warranty: bool
    technician_id: int | None
    opened_at: datetime
    closed_at: datetime | None
