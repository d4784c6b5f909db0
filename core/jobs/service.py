"""What a tenant's admins see of the job runs, and their one action: try a failed run again."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlmodel import Session, col

from core.errors import Conflict, NotFound
from core.jobs.models import JobRun, RunStatus
from core.types import utcnow


def list_runs(
    *, session: Session, tenant_id: int, status: str | None = None, limit: int = 100
) -> list[JobRun]:
    """The tenant's runs, newest first (deployment-wide runs belong to no tenant and are not shown)."""
    query = select(JobRun).where(col(JobRun.tenant_id) == tenant_id)
    if status is not None:
        query = query.where(col(JobRun.status) == status)
    return list(
        session.scalars(query.order_by(col(JobRun.created_at).desc(), col(JobRun.id).desc()).limit(limit))
    )


def retry_run(*, session: Session, tenant_id: int, run_id: int) -> JobRun:
    """Queue a failed run again with a fresh set of attempts; the next tick runs it."""
    run = session.scalars(
        select(JobRun).where(col(JobRun.id) == run_id, col(JobRun.tenant_id) == tenant_id)
    ).first()
    if run is None:
        raise NotFound(f"job run {run_id} not found")
    if run.status != RunStatus.failed.value:
        raise Conflict(f"job run {run_id} is {run.status}; only a failed run can be retried")
    session.execute(
        update(JobRun)
        .where(col(JobRun.id) == run_id)
        .values(status=RunStatus.queued.value, attempts=0, run_after=utcnow(), finished_at=None)
    )
    session.refresh(run)
    return run
