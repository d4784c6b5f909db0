"""SQLite plans with statistics: refreshed by the upgrade, the demo and a daily job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, text

from core.dbstats import REFRESH_JOB, refresh_statistics
from core.importing.writer import new_customer_row
from core.models import Customer, Interaction


def _plan(engine, tenant_id: int, customer_id: int) -> str:
    """How SQLite reads one customer's purchases when the tenant term appears twice, as it does
    when a query names it and the tenant session adds it."""
    query = (
        "EXPLAIN QUERY PLAN SELECT sum(amount) FROM interactions WHERE tenant_id = :t AND kind = 'purchase' "
        "AND occurred_at >= :lo AND occurred_at < :hi AND customer_id IN (:c) AND tenant_id = :t"
    )
    lo, hi = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    with engine.connect() as connection:
        rows = connection.execute(text(query), {"t": tenant_id, "c": customer_id, "lo": lo, "hi": hi})
        return " ".join(str(row[-1]) for row in rows)


def _indexes_with_statistics(engine) -> set[str]:
    with engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
            return set()
        return {
            row[0] for row in connection.execute(text("SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL"))
        }


def test_statistics_make_sqlite_read_one_customers_rows(scratch_database_url, make_tenant):
    from sqlmodel import Session

    from core.db import make_engine
    from core.migrate import upgrade
    from core.packs.loader import get_registry
    from core.tenants.service import create_tenant

    if not scratch_database_url.startswith("sqlite"):
        pytest.skip("planner statistics are refreshed on SQLite only (PostgreSQL analyzes itself)")
    upgrade(scratch_database_url, get_registry())
    engine = make_engine(scratch_database_url)
    with Session(engine) as session:
        tenant = create_tenant(session=session, slug="stats", name="统计")
        session.commit()
        tenant_id = tenant.id
    now = datetime(2025, 6, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(Customer.__table__),  # type: ignore[attr-defined]
            [
                new_customer_row(tenant_id=tenant_id, now=now, name=f"客户{i}", name_key="")
                for i in range(200)
            ],
        )
        ids = [row[0] for row in connection.execute(text("SELECT id FROM customers"))]
        connection.execute(
            insert(Interaction.__table__),  # type: ignore[attr-defined]
            [
                {
                    "tenant_id": tenant_id,
                    "customer_id": ids[i % len(ids)],
                    "kind": "note",
                    "summary": "",
                    "payload": {},
                    "source": "core",
                    "occurred_at": now + timedelta(minutes=i),
                    "created_at": now,
                }
                for i in range(4000)
            ],
        )
    with engine.begin() as connection:  # as a database upgraded before statistics were kept
        connection.execute(text("DROP TABLE IF EXISTS sqlite_stat1"))
    assert _indexes_with_statistics(engine) == set()
    assert refresh_statistics(engine) is True
    assert {"ix_interactions_timeline", "ix_interactions_tenant_occurred"} <= _indexes_with_statistics(engine)
    assert "ix_interactions_timeline" in _plan(engine, tenant_id, ids[0])
    engine.dispose()


def test_the_refresh_is_a_daily_core_job(guanxi_registry):
    from core.jobs.registry import job_catalog

    job = job_catalog(guanxi_registry).get(REFRESH_JOB)
    assert job.schedule == "30 3 * * *" and not job.per_tenant
    assert job in job_catalog(guanxi_registry).periodic()
