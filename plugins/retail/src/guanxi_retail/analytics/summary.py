"""Per-customer purchase summary for the CLV models: one SQL statement, returned as numpy arrays.

A purchase is a local calendar day with at least one order, so several orders in a day count once
(as ``lifetimes`` does with daily periods).  For each customer with orders up to ``as_of``:
``frequency`` = purchase days - 1, ``recency`` = first to last purchase day, ``age`` (the models'
``T``) = first purchase day to ``as_of``, both in the requested time unit; ``monetary`` = mean
revenue of the repeat purchase days (the first is left out, as the Gamma-Gamma model expects);
``profit`` = line amounts minus line costs where the cost is known, else the order total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import text
from sqlmodel import Session

from sdk import Tenant

from .sqltime import bind_time, day_number, day_sql, rows_to_array, utc_offset_seconds
from .units import DAYS, TimeUnit, check_unit

_SUMMARY = """
SELECT customer_id, COUNT(*) - 1 AS frequency, MIN(day) AS first_day, MAX(day) AS last_day,
       SUM(revenue) AS revenue, SUM(profit) AS profit,
       SUM(CASE WHEN day > first_day THEN revenue ELSE 0 END) AS repeat_revenue
FROM (
    SELECT customer_id, day, revenue, profit, MIN(day) OVER (PARTITION BY customer_id) AS first_day
    FROM (
        SELECT o.customer_id AS customer_id, {day} AS day, SUM(o.total) AS revenue,
               SUM(COALESCE(lt.profit, o.total)) AS profit
        FROM retail_orders o
        JOIN customers c ON c.id = o.customer_id AND c.tenant_id = :tenant AND c.deleted_at IS NULL
        LEFT JOIN (
            SELECT order_id, SUM(amount - COALESCE(cost, 0)) AS profit
            FROM retail_order_lines WHERE tenant_id = :tenant GROUP BY order_id
        ) lt ON lt.order_id = o.id
        WHERE o.tenant_id = :tenant AND o.ordered_at <= :as_of
        GROUP BY o.customer_id, {day}
    ) days
) ranked
GROUP BY customer_id
ORDER BY customer_id
"""


@dataclass(frozen=True)
class CustomerSummary:
    """Aligned arrays, one entry per customer who bought anything, ordered by customer id."""

    customer_id: np.ndarray
    frequency: np.ndarray
    recency: np.ndarray
    age: np.ndarray
    monetary: np.ndarray
    revenue: np.ndarray
    profit: np.ndarray
    time_unit: TimeUnit
    as_of: datetime

    def __len__(self) -> int:
        return int(self.customer_id.size)


def customer_summary(
    *, session: Session, tenant: Tenant, as_of: datetime, time_unit: str
) -> CustomerSummary:
    unit = check_unit(time_unit)
    offset = utc_offset_seconds(tenant.timezone, as_of)
    statement = text(_SUMMARY.format(day=day_sql(session, "o.ordered_at")))
    rows = session.execute(
        statement, {"tenant": tenant.id, "as_of": bind_time(session, as_of), "offset": offset}
    ).all()
    columns = rows_to_array(rows, 7, float).T
    ids, freq, first, last, revenue, profit, repeat = columns
    end = day_number(as_of, offset)
    per_unit = DAYS[unit]
    monetary = np.divide(repeat, freq, out=np.zeros_like(repeat), where=freq > 0)
    return CustomerSummary(
        customer_id=ids.astype(np.int64), frequency=freq.astype(np.int64),
        recency=(last - first) / per_unit, age=(end - first) / per_unit, monetary=monetary,
        revenue=revenue, profit=profit, time_unit=unit, as_of=as_of,
    )
