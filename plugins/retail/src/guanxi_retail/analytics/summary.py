"""Per-customer purchase summary for the CLV models, returned as numpy arrays.

A purchase is a local calendar day with at least one order, so several orders in a day count once
(as ``lifetimes`` does with daily periods).  For each customer with orders up to ``as_of``:
``frequency`` = purchase days - 1, ``recency`` = first to last purchase day, ``age`` (the models'
``T``) = first purchase day to ``as_of``, both in the requested time unit; ``monetary`` = mean
revenue of the repeat purchase days (the first is left out, as the Gamma-Gamma model expects);
``profit`` = line amounts minus line costs where the cost is known, else the order total.

Why two flat fetches and numpy rather than one SQL statement: grouping a million order lines
per order, then per day, then per customer costs three sorts in SQL.  Here the orders are read once
(id, customer, local day, total) and the line profit once per order, each a plain indexed scan
with no join; sorting by (customer, day) and ``np.add.reduceat`` then do all the grouping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import text
from sqlmodel import Session

from sdk import Tenant

from .sqltime import bind_time, day_number, day_sql, fetch_array, utc_offset_seconds
from .units import DAYS, TimeUnit, check_unit

# CAST to FLOAT: PostgreSQL would otherwise hand back NUMERIC as Decimal objects, slow to convert.
_ORDERS = """
SELECT o.id, o.customer_id, {day}, CAST(o.total AS FLOAT)
FROM retail_orders o
WHERE o.tenant_id = :tenant AND o.ordered_at <= :as_of
"""
_LINE_PROFIT = """
SELECT order_id, CAST(SUM(amount - COALESCE(cost, 0)) AS FLOAT)
FROM retail_order_lines WHERE tenant_id = :tenant
GROUP BY order_id
"""
_DELETED = "SELECT id FROM customers WHERE tenant_id = :tenant AND deleted_at IS NOT NULL"


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


def _order_profit(order_id: np.ndarray, total: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """Each order's line profit where it has lines, else its total (``lines`` sorted by order id)."""
    profit = total.copy()
    if lines.size:
        line_order, line_profit = lines[:, 0], lines[:, 1]
        at = np.minimum(np.searchsorted(line_order, order_id), line_order.size - 1)
        found = line_order[at] == order_id
        profit[found] = line_profit[at[found]]
    return profit


def _starts(*keys: np.ndarray) -> np.ndarray:
    """Indices where any of the (sorted) ``keys`` changes value: the first row of each group."""
    change = np.zeros(keys[0].size, dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change)


def fetch_orders(*, session: Session, tenant: Tenant, as_of: datetime, offset: int) -> np.ndarray:
    """The tenant's orders up to ``as_of`` of customers not deleted, as (n, 4) float rows:
    order id, customer id, local day number (see :func:`day_sql`), total."""
    params = {"tenant": tenant.id, "as_of": bind_time(session, as_of), "offset": offset}
    orders = fetch_array(session, _ORDERS.format(day=day_sql(session, "o.ordered_at")), params, 4, float)
    # deleted customers are few: dropping them here is cheaper than joining every order to them
    deleted = np.fromiter(session.execute(text(_DELETED), params).scalars(), dtype=float)
    if deleted.size:
        orders = orders[~np.isin(orders[:, 1], deleted)]
    return orders


def customer_summary(*, session: Session, tenant: Tenant, as_of: datetime, time_unit: str) -> CustomerSummary:
    unit = check_unit(time_unit)
    offset = utc_offset_seconds(tenant.timezone, as_of)
    orders = fetch_orders(session=session, tenant=tenant, as_of=as_of, offset=offset)
    lines = fetch_array(session, _LINE_PROFIT, {"tenant": tenant.id}, 2, float)
    lines = lines[np.argsort(lines[:, 0], kind="stable")]
    order_id, customer, day, total = orders.T
    profit = _order_profit(order_id, total, lines)
    order = np.lexsort((day, customer))
    customer, day, total, profit = customer[order], day[order], total[order], profit[order]
    # purchase days: (customer, day) groups; then customers over purchase days and over orders
    day_start = _starts(customer, day)
    day_revenue = np.add.reduceat(total, day_start) if day_start.size else total[:0]
    day_customer, purchase_day = customer[day_start], day[day_start]
    first_of_customer = _starts(day_customer)
    n_days = np.diff(np.append(first_of_customer, day_start.size))
    first = purchase_day[first_of_customer]
    last = purchase_day[first_of_customer + n_days - 1]
    revenue = np.add.reduceat(day_revenue, first_of_customer) if first_of_customer.size else day_revenue[:0]
    later_days = day_revenue.copy()
    later_days[first_of_customer] = 0.0
    repeat = np.add.reduceat(later_days, first_of_customer) if first_of_customer.size else revenue
    order_start = day_start[first_of_customer]
    by_customer = np.add.reduceat(profit, order_start) if order_start.size else profit[:0]
    freq = (n_days - 1).astype(np.int64)
    end = day_number(as_of, offset)
    per_unit = DAYS[unit]
    monetary = np.divide(repeat, freq, out=np.zeros_like(repeat), where=freq > 0)
    return CustomerSummary(
        customer_id=day_customer[first_of_customer].astype(np.int64),
        frequency=freq,
        recency=(last - first) / per_unit,
        age=(end - first) / per_unit,
        monetary=monetary,
        revenue=revenue,
        profit=by_customer,
        time_unit=unit,
        as_of=as_of,
    )
