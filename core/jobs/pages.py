"""Settings: the tenant's job runs, failed ones with their error, and a button to retry them."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from core.api.access import RecordId
from core.errors import Conflict, NotFound
from core.jobs.models import RunStatus
from core.jobs.registry import job_catalog
from core.jobs.service import list_runs, retry_run
from core.web.context import Page, PageContext, WebError

router = APIRouter()
PERMISSION = "jobs:manage"


def _tenant_id(page: Page) -> int:
    assert page.tenant.id is not None
    return page.tenant.id


@router.get("/settings/jobs")
def jobs_page(page: PageContext) -> Response:
    page.require(PERMISSION)
    runs = list_runs(session=page.session, tenant_id=_tenant_id(page))
    failed = [run for run in runs if run.status == RunStatus.failed.value]
    return page.render("settings/jobs.html", runs=runs, failed=failed, titles=_titles(page))


def _titles(page: Page) -> dict[str, str]:
    """Each declared job's title in the reader's language; a job no longer declared shows its name."""
    catalog = job_catalog(page.request.app.state.registry)
    return {name: job.titles.get(page.locale, job.title or name) for name, job in catalog.jobs.items()}


@router.post("/settings/jobs/{run_id}/retry")
def retry_page(run_id: RecordId, page: PageContext) -> Response:
    page.require(PERMISSION)
    try:
        retry_run(session=page.session, tenant_id=_tenant_id(page), run_id=run_id)
    except NotFound:
        raise WebError(404) from None
    except Conflict as exc:
        raise WebError(400, str(exc)) from exc
    return RedirectResponse("/settings/jobs", status_code=303)
