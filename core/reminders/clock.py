"""The tenant's calendar: "today" and day boundaries are the tenant's, stored times are UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from core.models import Tenant


def tenant_today(tenant: Tenant, *, now: datetime | None = None) -> date:
    """The date it is for the tenant now: a Shanghai firm's day starts at 16:00 UTC."""
    now = now or datetime.now(UTC)
    return now.astimezone(ZoneInfo(tenant.timezone)).date()


def day_start_utc(tenant: Tenant, day: date) -> datetime:
    """The UTC instant the tenant's ``day`` begins (for comparing with stored timestamps)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tenant.timezone)).astimezone(UTC)
