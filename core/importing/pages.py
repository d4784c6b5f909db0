"""Import page: upload a customer or interaction list, watch it run, read the summary and rejects.

A real import is a job (:mod:`core.importing.webjobs`): the page stores the file and enqueues it,
the job runner imports it batch by batch, and the job page polls the import job's row with htmx,
so closing the tab does not stop it and any worker can show its progress.  A dry
run writes nothing and keeps no job, so it runs while the request waits and shows its rejects
on the answer page.  Managers and up (``imports:run``), like the API.

A tenant runs one import at a time: an upload while another runs is refused next to the form,
naming the running job.  A stopped job's page says why and takes the same file again to continue
after the last saved line.  File problems are shown in the page's language.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.importing.headers import parse_mapping
from core.importing.interactions import INTERACTIONS
from core.importing.messages import WordedConflict, translated
from core.importing.models import ImportJob
from core.importing.packtypes import record_kind
from core.importing.runner import CUSTOMERS, RecordKind
from core.importing.uploads import get_job, import_upload, rejects_csv, saved_upload
from core.importing.webjobs import enqueue_upload, waiting_to_start
from core.tenancy import commit_early
from core.web.context import Page, PageContext, WebError, engine_for

router = APIRouter()
KINDS: dict[str, RecordKind] = {"customers": CUSTOMERS, "interactions": INTERACTIONS}
PERMISSION = "imports:run"
SHOWN_REJECTS = 200


def _form(page: Page, values: dict[str, str], errors: dict[str, list[str]], status: int = 200) -> Response:
    return page.render("importing/upload.html", values=values, errors=errors, status_code=status)


def _errors(page: Page, error: InvalidInput | Conflict) -> dict[str, list[str]]:
    """The refusal's problems by form input, in the page's language."""
    if isinstance(error, InvalidInput):
        problems = error.problems
    else:
        problems = [error.problem if isinstance(error, WordedConflict) else Problem("file", str(error))]
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field.split(".")[0] or "file", []).append(translated(problem, page.gettext))
    return errors


@router.get("/import")
def import_form(page: PageContext) -> Response:
    page.require(PERMISSION)
    return _form(page, {"kind": "customers"}, {})


@router.post("/import")
async def start_import(request: Request, page: PageContext) -> Response:
    page.require(PERMISSION)
    form = await request.form()
    upload = form.get("file")
    values = {
        "kind": str(form.get("kind", "customers")),
        "mapping": str(form.get("mapping", "")),
        "dry_run": "on" if form.get("dry_run") else "",
    }
    kind = KINDS.get(values["kind"], CUSTOMERS)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _form(page, values, {"file": [page.gettext("Choose a CSV or Excel file.")]}, 422)
    engine = engine_for(request)
    # the import's batches are their own units of work: free this request's write lock first
    commit_early(page.session)
    try:
        mapping = parse_mapping([p for p in values["mapping"].splitlines() if p.strip()])
        if values["dry_run"]:
            with saved_upload(upload.file, upload.filename) as path:
                report = import_upload(
                    engine=engine,
                    registry=page.registry,
                    tenant=page.tenant,
                    kind=kind,
                    path=path,
                    dry_run=True,
                    mapping=mapping,
                )
            return page.render(
                "importing/dry_run.html", report=report, rejects=report.rejects[:SHOWN_REJECTS]
            )
        job_id = enqueue_upload(
            engine=engine,
            registry=page.registry,
            tenant=page.tenant,
            kind=kind,
            stream=upload.file,
            file_name=upload.filename,
            mapping=mapping,
        )
    except InvalidInput as exc:
        return _form(page, values, _errors(page, exc), 422)
    except Conflict as exc:
        return _form(page, values, _errors(page, exc), 409)
    return RedirectResponse(f"/import/jobs/{job_id}", status_code=303)


def _job(page: Page, job_id: int) -> ImportJob:
    page.require(PERMISSION)
    try:
        return get_job(session=page.session, job_id=job_id)
    except NotFound:
        raise WebError(404) from None


def _waiting(page: Page, job: ImportJob) -> bool:
    assert job.id is not None and page.tenant.id is not None
    return job.status == "running" and waiting_to_start(page.session, page.tenant.id, job.id)


@router.get("/import/jobs/{job_id}")
def job_page(job_id: int, page: PageContext) -> Response:
    job = _job(page, job_id)
    return page.render("importing/job.html", job=job, waiting=_waiting(page, job))


@router.post("/import/jobs/{job_id}/resume")
async def resume_job(job_id: int, request: Request, page: PageContext) -> Response:
    """Continue a stopped job with the same file, read with the job's own column mapping."""
    job = _job(page, job_id)
    upload = (await request.form()).get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return page.render(
            "importing/job.html",
            job=job,
            status_code=422,
            errors={"file": [page.gettext("Choose a CSV or Excel file.")]},
        )
    try:
        kind = record_kind(session=page.session, tenant=page.tenant, key=job.record_type)
    except NotFound:
        raise WebError(404) from None
    engine = engine_for(request)
    commit_early(page.session)
    try:
        enqueue_upload(
            engine=engine,
            registry=page.registry,
            tenant=page.tenant,
            kind=kind,
            stream=upload.file,
            file_name=upload.filename,
            mapping=job.mapping,
            resuming=job,
        )
    except (InvalidInput, Conflict) as exc:
        status = 422 if isinstance(exc, InvalidInput) else 409
        return page.render("importing/job.html", job=job, errors=_errors(page, exc), status_code=status)
    return RedirectResponse(f"/import/jobs/{job_id}", status_code=303)


@router.get("/import/jobs/{job_id}/status")
def job_status(job_id: int, page: PageContext) -> Response:
    """The progress fragment htmx swaps in until the job is done."""
    job = _job(page, job_id)
    return page.render("importing/_status.html", job=job, waiting=_waiting(page, job))


@router.get("/import/jobs/{job_id}/rejects.csv")
def job_rejects(job_id: int, page: PageContext) -> Response:
    _job(page, job_id)
    return Response(
        rejects_csv(session=page.session, job_id=job_id),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{job_id}-rejects.csv"'},
    )
