"""Periodic jobs: which firings are due, and enqueueing each once.

Each periodic job fires at the latest time its cron line matched at or before ``now`` (earlier
missed firings are not replayed: a job that was down for a week runs once, not seven times).  The
run's key is the job, tenant and firing, so every process and every tick that sees the firing
enqueues the same row and the unique (name, key) keeps one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from croniter import croniter
from sqlalchemy import select
from sqlmodel import Session, col

from core.jobs.queue import NewRun, insert_runs
from core.jobs.registry import JobCatalog
from core.models import Tenant, TenantPack
from core.records import Job


def latest_firing(schedule: str, now: datetime, timezone: str = "UTC") -> datetime:
    """The latest time at or before ``now`` that ``schedule`` fires, read in ``timezone`` (UTC out)."""
    local = now.astimezone(ZoneInfo(timezone))
    if croniter.match(schedule, local):
        fired = local.replace(second=0, microsecond=0)
    else:
        fired = croniter(schedule, local).get_prev(datetime)
    return fired.astimezone(UTC)


def firing_key(job: Job, tenant_id: int | None, fired_at: datetime) -> str:
    return f"{tenant_id if tenant_id is not None else '-'}@{fired_at.strftime('%Y-%m-%dT%H:%MZ')}"


def _targets(session: Session, catalog: JobCatalog, job: Job, tenants: list[Any]) -> list[Any]:
    owner = catalog.owners.get(job.name)
    if owner is None:
        return tenants
    enabled = set(
        session.scalars(
            select(col(TenantPack.tenant_id)).where(col(TenantPack.pack) == owner, col(TenantPack.enabled))
        )
    )
    return [tenant for tenant in tenants if tenant.id in enabled]


def due_firings(*, session: Session, catalog: JobCatalog, now: datetime) -> list[NewRun]:
    """The runs every periodic job's latest firing stands for, one per target tenant."""
    periodic = catalog.periodic()
    if not periodic:
        return []
    runs: list[NewRun] = []
    tenants = list(session.scalars(select(Tenant).order_by(Tenant.id)))  # type: ignore[arg-type]
    for job in periodic:
        assert job.schedule is not None
        if not job.per_tenant:
            fired = latest_firing(job.schedule, now)
            args = {"fired_at": fired.isoformat()}
            runs.append(NewRun(job.name, firing_key(job, None, fired), None, args, fired, job.max_attempts))
            continue
        for tenant in _targets(session, catalog, job, tenants):
            fired = latest_firing(job.schedule, now, tenant.timezone)
            args = {"fired_at": fired.isoformat()}
            runs.append(
                NewRun(job.name, firing_key(job, tenant.id, fired), tenant.id, args, fired, job.max_attempts)
            )
    return runs


def enqueue_due(*, session: Session, catalog: JobCatalog, now: datetime) -> int:
    """Enqueue every due firing not enqueued before; returns how many runs are new."""
    return insert_runs(session, due_firings(session=session, catalog=catalog, now=now))
