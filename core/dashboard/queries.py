"""The dashboard's figures: customer counts and interactions per month, one statement each.

Everything here honours the record rules passed in (``conditions`` on customers), so a rep's
dashboard counts only the customers that rep may see.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from core.models import Customer, Interaction


def month_starts(now: datetime, timezone: str, count: int) -> list[datetime]:
    """The starts (as aware datetimes) of the last ``count`` months in the tenant's time zone,
    oldest first; the last one is the current month."""
    local = now.astimezone(ZoneInfo(timezone))
    year, month = local.year, local.month
    starts = []
    for _ in range(count):
        starts.append(datetime(year, month, 1, tzinfo=ZoneInfo(timezone)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


@dataclass(frozen=True)
class DashboardFigures:
    customers: int
    new_customers: int
    interactions_this_month: int
    months: list[date]
    interactions_per_month: list[int]


def dashboard_figures(
    *, session: Session, conditions: list[Any], timezone: str, now: datetime, months: int = 12
) -> DashboardFigures:
    starts = month_starts(now, timezone, months)
    this_month = starts[-1]
    customers = select(
        func.count(),
        func.coalesce(func.sum(case((col(Customer.created_at) >= this_month, 1), else_=0)), 0),
    ).where(col(Customer.deleted_at).is_(None), *conditions)
    total, new = session.exec(customers).one()
    bounds = [*starts, None]
    buckets = [
        func.coalesce(
            func.sum(
                case(
                    (
                        col(Interaction.occurred_at) >= lo
                        if hi is None
                        else (col(Interaction.occurred_at) >= lo) & (col(Interaction.occurred_at) < hi),
                        1,
                    ),
                    else_=0,
                )
            ),
            0,
        )
        for lo, hi in itertools.pairwise(bounds)
    ]
    interactions = select(*buckets).where(Interaction.occurred_at >= starts[0])
    if conditions:
        interactions = interactions.join(Customer, col(Customer.id) == col(Interaction.customer_id)).where(
            *conditions
        )
    per_month = [int(n) for n in session.exec(interactions).one()]
    return DashboardFigures(int(total), int(new), per_month[-1], [s.date() for s in starts], per_month)
