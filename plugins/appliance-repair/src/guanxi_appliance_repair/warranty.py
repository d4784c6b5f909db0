"""Warranty defaults, kept in the pack's per-tenant config (``TenantPack.config``).

One number per tenant does not deserve a table; the pack state row keeps it across disable and
re-enable, which is exactly the lifetime it needs.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlmodel import Session

from sdk import Tenant, TenantPack

PACK = "appliance-repair"
#: 三包: most household appliances carry a one-year whole-unit warranty.
DEFAULT_WARRANTY_MONTHS = 12


def seed_default_config(*, session: Session, tenant: Tenant) -> None:
    """Set the default warranty unless the tenant already chose one."""
    state = session.get(TenantPack, (tenant.id, PACK))
    if state is None or "warranty_months" in state.config:
        return
    state.config = {**state.config, "warranty_months": DEFAULT_WARRANTY_MONTHS}
    session.add(state)
    session.flush()


def warranty_months(*, session: Session, tenant: Tenant) -> int:
    state = session.get(TenantPack, (tenant.id, PACK))
    configured = state.config.get("warranty_months") if state is not None else None
    return int(configured) if configured is not None else DEFAULT_WARRANTY_MONTHS


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day if needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
