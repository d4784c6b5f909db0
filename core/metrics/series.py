"""Every metric as the dashboard and the customer page show it: this month, the last 12 months,
and one customer's value where the metric has one.

No widget code per metric: whatever a pack registers with ``guanxi_register_metrics`` is shown.
A series costs one set-based statement per metric and month (never one per customer); a metric
that fails is shown empty with its error logged, and the others still show.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from core.dashboard.queries import month_starts
from core.metrics.chart import Sparkline, sparkline
from core.models import Tenant
from core.records import Metric

log = logging.getLogger("guanxi.metrics")


@dataclass(frozen=True)
class MetricSeries:
    """One metric over the months ``months[i]`` (first days, oldest first); the last is this month."""

    metric: Metric
    unit: str
    months: list[date]
    values: list[Decimal | float | None]
    chart: Sparkline

    @property
    def current(self) -> Decimal | float | None:
        return self.values[-1] if self.values else None


def _unit(metric: Metric, tenant: Tenant) -> str:
    return tenant.currency if metric.unit == "currency" else metric.unit


def _safe(session: Session, metric: Metric, tenant: Tenant, call: Any, **kwargs: Any) -> Any:
    try:
        with session.begin_nested():
            return call(session=session, tenant=tenant, **kwargs)
    except Exception:  # one broken pack metric must not take the dashboard down
        log.exception("metric %s failed for tenant %s", metric.key, tenant.slug)
        return None


def monthly_series(
    *, session: Session, tenant: Tenant, metrics: list[Metric], now: datetime, months: int = 12
) -> list[MetricSeries]:
    """Each metric for each of the last ``months`` calendar months in the tenant's time zone."""
    firsts = [s.date() for s in month_starts(now, tenant.timezone, months)]
    ends = [*firsts[1:], _next_month(firsts[-1])]
    found = []
    for metric in metrics:
        values = [
            _safe(session, metric, tenant, metric.compute, start=lo, end=hi)
            for lo, hi in zip(firsts, ends, strict=True)
        ]
        found.append(MetricSeries(metric, _unit(metric, tenant), firsts, values, sparkline(values)))
    return found


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def last_months(*, now: datetime, timezone: str, months: int) -> tuple[date, date]:
    """``[start, end)`` covering the last ``months`` calendar months, this one included."""
    firsts = month_starts(now, timezone, months)
    return firsts[0].date(), _next_month(firsts[-1].date())


@dataclass(frozen=True)
class CustomerMetric:
    metric: Metric
    unit: str
    value: Any


def customer_values(
    *, session: Session, tenant: Tenant, metrics: list[Metric], customer_id: int, start: date, end: date
) -> list[CustomerMetric]:
    """The value of every metric that has a ``per_customer`` function for one customer."""
    shown = []
    for metric in metrics:
        if metric.per_customer is None:
            continue
        values = _safe(
            session, metric, tenant, metric.per_customer, customer_ids=[customer_id], start=start, end=end
        )
        shown.append(CustomerMetric(metric, _unit(metric, tenant), (values or {}).get(customer_id)))
    return shown
