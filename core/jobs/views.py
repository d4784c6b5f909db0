"""Job runs through the API: a tenant's admins read their runs and retry a failed one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from core.api.access import RecordId
from core.api.deps import RequestContext, require
from core.api.limits import PageLimit
from core.api.responses import responses
from core.jobs.loop import scheduler_lifespan
from core.jobs.models import JobRunOut, RunStatus
from core.jobs.service import list_runs, retry_run

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"], lifespan=scheduler_lifespan)
PERMISSION = "jobs:manage"
Admin = Annotated[RequestContext, require(PERMISSION)]


@router.get("", responses=responses())
def read_runs(ctx: Admin, limit: PageLimit, status: RunStatus | None = Query(None)) -> list[JobRunOut]:
    """The tenant's job runs, newest first; ``status=failed`` lists what needs attention."""
    assert ctx.tenant.id is not None
    runs = list_runs(
        session=ctx.session, tenant_id=ctx.tenant.id, status=status.value if status else None, limit=limit
    )
    return [JobRunOut.model_validate(run) for run in runs]


@router.post("/{run_id}/retry", responses=responses(404, 409))
def retry(run_id: RecordId, ctx: Admin) -> JobRunOut:
    """Queue a failed run again with fresh attempts; the scheduler's next tick runs it."""
    assert ctx.tenant.id is not None
    return JobRunOut.model_validate(retry_run(session=ctx.session, tenant_id=ctx.tenant.id, run_id=run_id))
