"""Enqueueing jobs, behind a small interface a broker-backed queue can implement later.

Core and packs enqueue through :class:`JobQueue` (``enqueue(name=, key=, args=, tenant_id=)``)
and never touch ``job_runs`` themselves.  The embedded queue inserts a row the runner
(:mod:`core.jobs.runner`) claims; an online edition's queue would send the same name, key and
JSON arguments to Dramatiq or Celery, whose worker calls the same :func:`core.jobs.runner.execute`
path, so no job changes.  Enqueueing is idempotent by (name, key): the second call is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from core.jobs.models import JobRun, RunStatus
from core.jobs.registry import JobCatalog
from core.types import utcnow


@dataclass(frozen=True)
class NewRun:
    name: str
    key: str
    tenant_id: int | None
    args: dict[str, Any]
    run_after: datetime
    max_attempts: int


def insert_runs(session: Session, runs: list[NewRun]) -> int:
    """Insert runs, skipping (name, key) pairs already present; returns how many were new."""
    if not runs:
        return 0
    build = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    rows = [
        {
            "name": run.name,
            "key": run.key,
            "tenant_id": run.tenant_id,
            "args": run.args,
            "status": RunStatus.queued.value,
            "attempts": 0,
            "max_attempts": run.max_attempts,
            "run_after": run.run_after,
            "created_at": now,
        }
        for run in runs
    ]
    statement = (
        build(JobRun)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["name", "key"])
        .returning(col(JobRun.id))
    )
    return len(session.execute(statement).all())


class JobQueue(Protocol):
    """Where core and packs send work; the embedded queue below, or a broker's."""

    def enqueue(
        self,
        *,
        name: str,
        key: str,
        args: dict[str, Any] | None = None,
        tenant_id: int | None = None,
        session: Session | None = None,
    ) -> bool:
        """Queue ``name`` once for ``key``; ``False`` when that key was already queued."""
        ...


class EmbeddedQueue:
    """Runs live in the database; ``guanxi serve`` or ``guanxi jobs run-due`` executes them.

    Given the caller's ``session``, the run is enqueued in the caller's transaction: it exists
    exactly when the work that asked for it was committed.
    """

    def __init__(self, *, engine: Engine, catalog: JobCatalog):
        self.engine = engine
        self.catalog = catalog

    def enqueue(
        self,
        *,
        name: str,
        key: str,
        args: dict[str, Any] | None = None,
        tenant_id: int | None = None,
        session: Session | None = None,
    ) -> bool:
        job = self.catalog.get(name)
        run = NewRun(name, key, tenant_id, dict(args or {}), utcnow(), job.max_attempts)
        if session is not None:
            return insert_runs(session, [run]) == 1
        with Session(self.engine) as own:
            added = insert_runs(own, [run]) == 1
            own.commit()
        return added
