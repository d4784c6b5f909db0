"""What pages and the API read from stored runs: segment counts, one customer's value, key customers
and churn risk.  Each is one indexed query on the newest run(s) of the tenant.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlmodel import Session, col

from sdk import Customer, NotFound, Tenant

from .models import AnalyticsRun, CustomerValue, RfmScore
from .rfm import SEGMENTS
from .store import latest_run, latest_runs

_VALUE_COLUMNS = (
    "customer_id",
    "frequency",
    "recency",
    "age",
    "revenue",
    "historical_value",
    "value_percentile",
    "expected_purchases",
    "p_alive",
    "expected_spend",
    "clv",
)


def run_info(run: AnalyticsRun) -> dict[str, Any]:
    return {
        "run_id": run.id,
        "computed_at": run.computed_at,
        "as_of": run.as_of,
        "time_unit": run.time_unit,
        "parameters": run.parameters,
        "n_customers": run.n_customers,
    }


def segment_counts(
    *, session: Session, tenant: Tenant, visible: ColumnElement[bool] = true()
) -> tuple[AnalyticsRun, dict[str, int]]:
    """Customers per RFM segment of the latest run; ``visible`` is a condition on ``RfmScore``."""
    run = latest_run(session=session, tenant=tenant, kind="rfm")
    rows = session.execute(
        select(col(RfmScore.segment), func.count())
        .where(col(RfmScore.tenant_id) == tenant.id, col(RfmScore.run_id) == run.id, visible)
        .group_by(col(RfmScore.segment))
    ).all()
    counts = dict(rows)
    return run, {name: int(counts.get(name, 0)) for name in SEGMENTS}


def _value_dict(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _VALUE_COLUMNS}


def customer_value(*, session: Session, tenant: Tenant, customer_id: int) -> dict[str, Any]:
    """The customer's latest value and RFM scores; a customer who never bought has neither."""
    clv_run = latest_run(session=session, tenant=tenant, kind="clv")
    value = session.execute(
        select(CustomerValue).where(
            col(CustomerValue.tenant_id) == tenant.id,
            col(CustomerValue.run_id) == clv_run.id,
            col(CustomerValue.customer_id) == customer_id,
        )
    ).scalar_one_or_none()
    if value is None:
        raise NotFound(f"customer {customer_id} has no orders in the latest analysis")
    rfm_runs = latest_runs(session=session, tenant=tenant, kind="rfm")
    rfm = None
    if rfm_runs:
        score = session.execute(
            select(RfmScore).where(
                col(RfmScore.tenant_id) == tenant.id,
                col(RfmScore.run_id) == rfm_runs[0].id,
                col(RfmScore.customer_id) == customer_id,
            )
        ).scalar_one_or_none()
        if score is not None:
            rfm = {
                "r": score.r_score,
                "f": score.f_score,
                "m": score.m_score,
                "segment": score.segment,
                "recency_days": score.recency_days,
                "orders": score.frequency,
                "revenue": score.monetary,
            }
    return {"run": run_info(clv_run), "value": _value_dict(value), "rfm": rfm}


def key_customers(
    *, session: Session, tenant: Tenant, limit: int
) -> tuple[AnalyticsRun, list[dict[str, Any]]]:
    """The customers with the highest predicted value over the run's horizon."""
    run = latest_run(session=session, tenant=tenant, kind="clv")
    rows = session.execute(
        select(CustomerValue, col(Customer.name))
        .join(
            Customer,
            and_(col(Customer.id) == CustomerValue.customer_id, col(Customer.tenant_id) == tenant.id),
        )
        .where(col(CustomerValue.tenant_id) == tenant.id, col(CustomerValue.run_id) == run.id)
        .order_by(col(CustomerValue.clv).desc(), col(CustomerValue.customer_id))
        .limit(limit)
    ).all()
    return run, [{**_value_dict(value), "name": name} for value, name in rows]


def churn_risk(
    *,
    session: Session,
    tenant: Tenant,
    limit: int,
    min_value_percentile: float = 0.8,
    max_p_alive: float = 0.5,
    min_drop: float = 0.2,
) -> tuple[AnalyticsRun, list[dict[str, Any]]]:
    """Valuable customers (historical value in the top share) who are likely gone, or whose
    P(alive) fell by at least ``min_drop`` since the previous CLV run; most valuable first."""
    runs = latest_runs(session=session, tenant=tenant, kind="clv", count=2)
    if not runs:
        latest_run(session=session, tenant=tenant, kind="clv")  # raises the usual NotFound
    current = CustomerValue
    previous = (
        select(col(CustomerValue.customer_id), col(CustomerValue.p_alive))
        .where(
            col(CustomerValue.tenant_id) == tenant.id,
            col(CustomerValue.run_id) == (runs[1].id if len(runs) > 1 else -1),
        )
        .subquery()
    )
    p_alive = col(current.p_alive)
    drop = previous.c.p_alive - p_alive
    rows = session.execute(
        select(current, col(Customer.name), previous.c.p_alive)
        .join(Customer, and_(col(Customer.id) == current.customer_id, col(Customer.tenant_id) == tenant.id))
        .outerjoin(previous, previous.c.customer_id == current.customer_id)
        .where(
            col(current.tenant_id) == tenant.id,
            col(current.run_id) == runs[0].id,
            col(current.value_percentile) >= min_value_percentile,
            (p_alive <= max_p_alive) | (drop >= min_drop),
        )
        .order_by(col(current.historical_value).desc(), col(current.customer_id))
        .limit(limit)
    ).all()
    return runs[0], [
        {**_value_dict(value), "name": name, "previous_p_alive": before} for value, name, before in rows
    ]
