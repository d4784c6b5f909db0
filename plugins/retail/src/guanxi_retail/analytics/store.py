"""Writing and finding analytics runs: open a run, bulk-insert its rows, keep a short history.

Result rows go in as plain tuples straight to the driver, not one ORM object (or one bound
parameter dictionary) per customer: on PostgreSQL with ``COPY``, elsewhere with one executemany.
SQLAlchemy's per-row parameter processing alone took longer than computing 100,000 values.
Every statement names the tenant explicitly; runs of other tenants are never touched.
The last ``KEEP_RUNS`` runs of each kind are kept so churn risk can compare with the previous run.
"""

from __future__ import annotations

from datetime import datetime
from itertools import repeat
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from sqlalchemy import Table, delete, select
from sqlmodel import Session, SQLModel, col

from sdk import NotFound, Tenant, utcnow

from .models import AnalyticsRun, AssociationRule, CustomerValue, RfmScore

if TYPE_CHECKING:
    import psycopg

KEEP_RUNS = 3
_RESULTS: dict[str, type[SQLModel]] = {"rfm": RfmScore, "clv": CustomerValue, "rules": AssociationRule}


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined]  # SQLModel sets it, its stubs omit it


_RUNS = _table(AnalyticsRun)


def open_run(
    *,
    session: Session,
    tenant: Tenant,
    kind: str,
    as_of: datetime,
    parameters: dict[str, Any],
    time_unit: str | None = None,
) -> AnalyticsRun:
    """A new run row (flushed, so it has an id) that results are then written under."""
    run = AnalyticsRun(
        tenant_id=tenant.id,
        kind=kind,
        as_of=as_of,
        computed_at=utcnow(),
        time_unit=time_unit,
        parameters=parameters,
    )
    session.add(run)
    session.flush()
    return run


def write_columns(
    *, session: Session, kind: str, fixed: dict[str, Any], columns: dict[str, np.ndarray]
) -> int:
    """Insert aligned result columns (plus ``fixed`` values on every row); returns the row count.

    Column names come from the model's table, never from user input, so composing them is safe.
    """
    table = _table(_RESULTS[kind])
    names = [*fixed, *columns]
    unknown = [name for name in names if name not in table.c]
    if unknown:
        raise KeyError(f"{table.name} has no column(s) {', '.join(unknown)}")
    lists = [column.tolist() for column in columns.values()]
    count = len(lists[0]) if lists else 0
    if not count:
        return 0
    rows = zip(*(repeat(value, count) for value in fixed.values()), *lists, strict=True)
    connection = session.connection()
    quoted = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    if connection.dialect.name == "postgresql":
        raw = cast("psycopg.Connection[Any]", connection.connection.driver_connection)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["?"] * len(names))
        connection.exec_driver_sql(f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})", list(rows))
    return count


def finish_run(
    *, session: Session, tenant: Tenant, run: AnalyticsRun, n_customers: int, results: dict[str, Any]
) -> AnalyticsRun:
    """Record what the run found and drop the tenant's runs of this kind beyond ``KEEP_RUNS``."""
    run.n_customers = n_customers
    run.results = results
    session.add(run)
    old = (
        select(_RUNS.c.id)
        .where(_RUNS.c.tenant_id == tenant.id, _RUNS.c.kind == run.kind)
        .order_by(_RUNS.c.id.desc())
        .offset(KEEP_RUNS)
    )
    stale = list(session.execute(old).scalars())
    if stale:
        table = _table(_RESULTS[run.kind])
        session.execute(delete(table).where(table.c.tenant_id == tenant.id, table.c.run_id.in_(stale)))
        session.execute(delete(_RUNS).where(_RUNS.c.tenant_id == tenant.id, _RUNS.c.id.in_(stale)))
    session.flush()
    return run


def latest_runs(*, session: Session, tenant: Tenant, kind: str, count: int = 1) -> list[AnalyticsRun]:
    """The tenant's newest runs of ``kind``, newest first (an ORM query: tenant-scoped twice)."""
    statement = (
        select(AnalyticsRun)
        .where(col(AnalyticsRun.tenant_id) == tenant.id, col(AnalyticsRun.kind) == kind)
        .order_by(col(AnalyticsRun.id).desc())
        .limit(count)
    )
    return list(session.execute(statement).scalars())


def latest_run(*, session: Session, tenant: Tenant, kind: str) -> AnalyticsRun:
    runs = latest_runs(session=session, tenant=tenant, kind=kind)
    if not runs:
        raise NotFound(f"no {kind} analysis yet for this tenant: run the retail analysis first")
    return runs[0]


def latest_run_id(tenant_id: int, kind: str) -> Any:
    """A scalar subquery for the newest run id, to embed in other statements (segment filters)."""
    return (
        select(_RUNS.c.id)
        .where(_RUNS.c.tenant_id == tenant_id, _RUNS.c.kind == kind)
        .order_by(_RUNS.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
