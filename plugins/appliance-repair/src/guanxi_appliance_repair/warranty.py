"""Warranty periods: the tenant's default (a pack setting) and calendar-month arithmetic."""

from __future__ import annotations

import calendar
from datetime import date

from sqlmodel import Session

from sdk import Tenant, pack_settings, seed_pack_settings

from .settings import RepairSettings


def seed_default_config(*, session: Session, tenant: Tenant) -> None:
    """Keep today's default for a tenant that never chose one, so a later version's new
    default does not change the warranty a shop already promises its customers."""
    seed_pack_settings(session, tenant, RepairSettings)


def warranty_months(*, session: Session, tenant: Tenant) -> int:
    return pack_settings(session, tenant, RepairSettings).warranty_months


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day if needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
