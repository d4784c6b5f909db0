"""Repair tickets on the customer timeline: when each was opened, the appliance and its fault."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, literal, select
from sqlmodel import col

from sdk import Tenant, TimelineSource

from .models import RepairTicket


def tickets_of(*, tenant: Tenant, customer_id: int) -> Select[*tuple[Any, ...]]:
    return select(
        col(RepairTicket.opened_at).label("occurred_at"),
        col(RepairTicket.id).label("id"),
        (col(RepairTicket.appliance) + literal(": ") + col(RepairTicket.symptom)).label("summary"),
        literal("service").label("kind"),
        col(RepairTicket.technician_id).label("user_id"),
    ).where(col(RepairTicket.customer_id) == customer_id)


def timeline_sources() -> list[TimelineSource]:
    return [
        TimelineSource(
            "appliance-repair.tickets",
            "Repair ticket",
            tickets_of,
            titles={"zh_Hans": "维修工单", "zh_Hant": "維修工單"},
        )
    ]
