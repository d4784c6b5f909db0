"""``GET /api/v1/metrics?start=&end=``: the tenant's value metrics for a period (end exclusive)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from pydantic import BaseModel

from core.api.deps import Context
from core.errors import InvalidInput, Problem
from core.metrics.service import compute_metrics

router = APIRouter(prefix="/api/v1", tags=["metrics"])


class MetricOut(BaseModel):
    key: str
    title: str
    value: Decimal | float | None
    unit: str
    error: str | None = None


class MetricsOut(BaseModel):
    start: date
    end: date
    metrics: list[MetricOut]


@router.get("/metrics", response_model=MetricsOut)
def metrics(ctx: Context, start: date | None = None, end: date | None = None) -> MetricsOut:
    """Firm-wide figures, so the caller must see all customers (managers and up).

    Without a period: the current month so far, in the tenant's time zone."""
    ctx.require("customers:all")
    if start is None or end is None:
        today = datetime.now(ZoneInfo(ctx.tenant.timezone)).date()
        start = start or today.replace(day=1)
        end = end or today + timedelta(days=1)
    if end <= start:
        raise InvalidInput([Problem("end", "must be after start")])
    locale = (ctx.user.locale if ctx.user else None) or ctx.tenant.locale
    values = compute_metrics(session=ctx.session, tenant=ctx.tenant, start=start, end=end)
    return MetricsOut(
        start=start,
        end=end,
        metrics=[
            MetricOut(
                key=v.key, title=v.titles.get(locale, v.title), value=v.value, unit=v.unit, error=v.error
            )
            for v in values
        ],
    )
