"""Opportunities on the customer timeline: when each was opened, what it is about, its value."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlmodel import col

from sdk import Tenant, TimelineSource

from .models import EquipmentOpportunity


def opportunities_of(*, tenant: Tenant, customer_id: int) -> Select[*tuple[Any, ...]]:
    return select(
        col(EquipmentOpportunity.created_at).label("occurred_at"),
        col(EquipmentOpportunity.id).label("id"),
        col(EquipmentOpportunity.title).label("summary"),
        col(EquipmentOpportunity.amount).label("amount"),
        col(EquipmentOpportunity.currency).label("currency"),
        col(EquipmentOpportunity.owner_id).label("user_id"),
    ).where(col(EquipmentOpportunity.customer_id) == customer_id)


def timeline_sources() -> list[TimelineSource]:
    return [
        TimelineSource(
            "equipment.opportunities",
            "Opportunity",
            opportunities_of,
            titles={"zh_Hans": "商机", "zh_Hant": "商機"},
        )
    ]
