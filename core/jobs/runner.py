"""Running due jobs: take the lease, enqueue due firings, claim due runs, run and record each.

Exactly-once effects rest on the database, not on timing: enqueueing is idempotent by (name,
key), the lease lets one process work at a time, and each run is claimed by a conditional UPDATE
(``status`` still waiting) so that even two runners without the lease could not both start it.
A failure rolls the job's unit of work back and is recorded; the run is retried after an
exponential backoff until ``max_attempts``, then stays ``failed`` with its error for admins.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select, update
from sqlmodel import Session, col

from core.jobs.lease import take_lease
from core.jobs.models import WAITING, JobRun, RunStatus
from core.jobs.registry import JobCatalog
from core.jobs.schedule import enqueue_due
from core.models import Tenant
from core.records import JobContext
from core.tenancy import bind_registry, unit_of_work

log = logging.getLogger("guanxi.jobs")
BATCH = 100


@dataclass
class RunDueReport:
    """What one call did, for the CLI and the log."""

    held: bool
    enqueued: int = 0
    succeeded: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def backoff(*, base_seconds: int, attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 2, ...): base, 2×base, 4×base..."""
    return timedelta(seconds=base_seconds * 2 ** max(attempt - 1, 0))


def _requeue_stale(session: Session, catalog: JobCatalog, now: datetime) -> None:
    """Retry (or fail, when out of attempts) runs left ``running`` longer than their job's
    ``stale_after_seconds``: two UPDATEs per distinct threshold, not per run."""
    by_threshold: dict[int, list[str]] = defaultdict(list)
    for name, job in catalog.jobs.items():
        by_threshold[job.stale_after_seconds].append(name)
    message = "interrupted: the process running it stopped"
    for seconds, names in sorted(by_threshold.items()):
        stale = (
            col(JobRun.status) == RunStatus.running.value,
            col(JobRun.started_at) < now - timedelta(seconds=seconds),
            col(JobRun.name).in_(names),
        )
        session.execute(
            update(JobRun)
            .where(*stale, col(JobRun.attempts) < col(JobRun.max_attempts))
            .values(status=RunStatus.retrying.value, run_after=now, error=message)
        )
        session.execute(
            update(JobRun)
            .where(*stale, col(JobRun.attempts) >= col(JobRun.max_attempts))
            .values(status=RunStatus.failed.value, finished_at=now, error=message)
        )


def _claim(engine: Engine, run_id: int, now: datetime) -> JobRun | None:
    """Mark one run ``running`` if it is still waiting; ``None`` when another runner got it."""
    with Session(engine, expire_on_commit=False) as session:
        claimed = session.execute(
            update(JobRun)
            .where(col(JobRun.id) == run_id, col(JobRun.status).in_(WAITING))
            .values(status=RunStatus.running.value, attempts=JobRun.attempts + 1, started_at=now)
        )
        session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return session.get(JobRun, run_id)


def _finish(engine: Engine, run_id: int, **values: Any) -> None:
    with Session(engine) as session:
        session.execute(update(JobRun).where(col(JobRun.id) == run_id).values(**values))
        session.commit()


def _call(engine: Engine, catalog: JobCatalog, run: JobRun, now: datetime) -> None:
    job = catalog.get(run.name)
    args = dict(run.args or {})
    fired = args.pop("fired_at", None)
    fired_at = datetime.fromisoformat(fired) if fired else None
    if run.tenant_id is None:
        with bind_registry(Session(engine, expire_on_commit=False), catalog.registry) as session:
            job.run(JobContext(engine, session, None, now, run.key, run.attempts, fired_at), **args)
            session.commit()
        return
    with Session(engine, expire_on_commit=False) as plain:
        tenant = plain.get(Tenant, run.tenant_id)
    with unit_of_work(engine, run.tenant_id, registry=catalog.registry) as session:
        job.run(JobContext(engine, session, tenant, now, run.key, run.attempts, fired_at), **args)


def execute(engine: Engine, catalog: JobCatalog, run: JobRun, now: datetime) -> str:
    """Run one claimed run and record how it ended; returns the new status."""
    assert run.id is not None
    try:
        _call(engine, catalog, run, now)
    except Exception as exc:
        log.exception("job %s (%s) failed on attempt %d", run.name, run.key, run.attempts)
        error = f"{type(exc).__name__}: {exc}"[:1000]
        if run.attempts >= run.max_attempts:
            _finish(engine, run.id, status=RunStatus.failed.value, finished_at=now, error=error)
            return RunStatus.failed.value
        base = catalog.jobs[run.name].backoff_seconds if run.name in catalog.jobs else 60
        wait = backoff(base_seconds=base, attempt=run.attempts)
        _finish(engine, run.id, status=RunStatus.retrying.value, run_after=now + wait, error=error)
        return RunStatus.retrying.value
    _finish(engine, run.id, status=RunStatus.succeeded.value, finished_at=now, error=None)
    return RunStatus.succeeded.value


def run_due(
    engine: Engine, catalog: JobCatalog, *, now: datetime, holder: str, lease_seconds: int = 120
) -> RunDueReport:
    """One tick of the scheduler: nothing happens unless this ``holder`` gets the lease."""
    if not take_lease(engine, holder=holder, now=now, seconds=lease_seconds):
        return RunDueReport(held=False)
    report = RunDueReport(held=True)
    with Session(engine) as session:
        report.enqueued = enqueue_due(session=session, catalog=catalog, now=now)
        _requeue_stale(session, catalog, now)
        session.commit()
        due = list(
            session.scalars(
                select(col(JobRun.id))
                .where(
                    col(JobRun.status).in_(WAITING),
                    col(JobRun.run_after) <= now,
                    col(JobRun.name).in_(list(catalog.jobs)),
                )
                .order_by(col(JobRun.run_after), col(JobRun.id))
                .limit(BATCH)
            )
        )
    for run_id in due:
        assert run_id is not None
        run = _claim(engine, run_id, now)
        if run is None:
            continue
        status = execute(engine, catalog, run, now)
        getattr(report, status).append(run_id)
    return report
