"""RFM scoring and named segments for a whole tenant in one INSERT ... SELECT.

Recency (days since the last order), frequency (orders) and monetary (revenue) are each scored
1-5 by quintile of the tenant's buying customers, 5 best.  Scores come from ``RANK()`` rather than
``NTILE``: ``NTILE`` splits equal values across tiles by an arbitrary order, whereas
``1 + 5 * (rank - 1) / n`` gives equal values the same (lower) score on every database.  The segment
is read off a grid of recency score against the rounded mean of frequency and monetary scores.

Deleted customers are left out with ``NOT IN`` over the (few) deleted ids rather than a join of every
order to ``customers``: on SQLite the join measured twice the cost of the grouping itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from sdk import Tenant

from .models import AnalyticsRun
from .sqltime import bind_time, day_number, day_sql, utc_offset_seconds
from .store import finish_run, open_run

#: Segment by recency score (rows, 1-5) and FM score = round((F + M) / 2) (columns, 1-5).
GRID: dict[int, tuple[str, str, str, str, str]] = {
    1: ("lost", "hibernating", "at_risk", "at_risk", "cant_lose"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    3: ("about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"),
    4: ("promising", "potential_loyalists", "potential_loyalists", "loyal", "loyal"),
    5: ("new", "potential_loyalists", "potential_loyalists", "champions", "champions"),
}
SEGMENTS: tuple[str, ...] = (
    "champions",
    "loyal",
    "potential_loyalists",
    "new",
    "promising",
    "need_attention",
    "about_to_sleep",
    "at_risk",
    "cant_lose",
    "hibernating",
    "lost",
)


def segment_for(r_score: int, f_score: int, m_score: int) -> str:
    """The segment of one score triple (what the SQL CASE computes; used by tests and pages)."""
    return GRID[r_score][(f_score + m_score + 1) // 2 - 1]


def _segment_case() -> str:
    branches = " ".join(
        f"WHEN {r * 10 + fm} THEN '{name}'" for r, row in GRID.items() for fm, name in enumerate(row, start=1)
    )
    return f"CASE r_score * 10 + (f_score + m_score + 1) / 2 {branches} END"


def _score(order: str) -> str:
    return f"1 + (5 * (RANK() OVER (ORDER BY {order}) - 1)) / COUNT(*) OVER ()"


_INSERT = """
INSERT INTO retail_rfm_scores (tenant_id, run_id, customer_id, recency_days, frequency, monetary,
                               r_score, f_score, m_score, segment)
SELECT :tenant, :run, customer_id, recency_days, frequency, monetary, r_score, f_score, m_score,
       {segment}
FROM (
    SELECT customer_id, recency_days, frequency, monetary,
           {r_score} AS r_score, {f_score} AS f_score, {m_score} AS m_score
    FROM (
        SELECT o.customer_id AS customer_id, :as_of_day - MAX({day}) AS recency_days,
               COUNT(*) AS frequency, SUM(o.total) AS monetary
        FROM retail_orders o
        WHERE o.tenant_id = :tenant AND o.ordered_at <= :as_of
          AND o.customer_id NOT IN (SELECT id FROM customers
                                    WHERE tenant_id = :tenant AND deleted_at IS NOT NULL)
        GROUP BY o.customer_id
    ) per_customer
) scored
"""


def compute_rfm(*, session: Session, tenant: Tenant, as_of: datetime) -> AnalyticsRun:
    """Score every buying customer of the tenant as of ``as_of`` and store the run."""
    run = open_run(
        session=session,
        tenant=tenant,
        kind="rfm",
        as_of=as_of,
        parameters={"quantiles": 5, "grid": "recency x mean(frequency, monetary)"},
    )
    offset = utc_offset_seconds(tenant.timezone, as_of)
    statement = text(
        _INSERT.format(
            segment=_segment_case(),
            day=day_sql(session, "o.ordered_at"),
            r_score=_score("recency_days DESC"),
            f_score=_score("frequency"),
            m_score=_score("monetary"),
        )
    )
    params: dict[str, Any] = {
        "tenant": tenant.id,
        "run": run.id,
        "as_of": bind_time(session, as_of),
        "as_of_day": day_number(as_of, offset),
        "offset": offset,
    }
    inserted = session.execute(statement, params).rowcount  # type: ignore[attr-defined]  # DML executes to a CursorResult
    counts = dict(
        session.execute(
            text(
                "SELECT segment, COUNT(*) FROM retail_rfm_scores WHERE tenant_id = :tenant "
                "AND run_id = :run GROUP BY segment"
            ),
            {"tenant": tenant.id, "run": run.id},
        ).all()
    )
    return finish_run(
        session=session,
        tenant=tenant,
        run=run,
        n_customers=int(inserted),
        results={"segments": {name: int(counts.get(name, 0)) for name in SEGMENTS}},
    )
