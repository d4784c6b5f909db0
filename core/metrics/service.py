"""Value metrics for a period: core's and the enabled packs' (``guanxi_register_metrics``).

Each metric is its own set-based query; a pack metric that fails is reported with its value left
empty instead of taking the dashboard down with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from core.errors import InvalidInput, Problem
from core.models import Tenant
from core.packs.state import hooks_for

log = logging.getLogger("guanxi.metrics")
MAX_PERIOD_DAYS = 3660


@dataclass(frozen=True)
class MetricValue:
    key: str
    title: str
    value: Decimal | float | None
    unit: str
    start: date
    end: date
    titles: dict[str, str]
    error: str | None = None


def _check_period(start: date, end: date) -> None:
    problems = []
    if end <= start:
        problems.append(Problem("end", "the end must come after the start (the end is exclusive)"))
    elif (end - start).days > MAX_PERIOD_DAYS:
        problems.append(Problem("end", "a period is at most ten years"))
    if problems:
        raise InvalidInput(problems)


def _currency(unit: str, tenant: Tenant) -> str:
    return tenant.currency if unit == "currency" else unit


def compute_metrics(
    *, session: Session, tenant: Tenant, start: date, end: date, keys: list[str] | None = None
) -> list[MetricValue]:
    """Every metric the tenant has (or those in ``keys``) for the dates ``[start, end)``."""
    _check_period(start, end)
    values: list[MetricValue] = []
    for metric in hooks_for(session, tenant).metrics(tenant=tenant):
        if keys is not None and metric.key not in keys:
            continue
        value: Any = None
        error = None
        try:
            with session.begin_nested():
                value = metric.compute(session=session, tenant=tenant, start=start, end=end)
        except Exception as exc:
            log.exception("metric %s failed for tenant %s", metric.key, tenant.slug)
            error = str(exc)
        values.append(
            MetricValue(
                metric.key,
                metric.title,
                value,
                _currency(metric.unit, tenant),
                start,
                end,
                dict(metric.titles),
                error,
            )
        )
    return values
