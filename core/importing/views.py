"""Imports through the API: upload a CSV/XLSX file, read the job's status and its rejects report.

An upload is imported while the request waits (uploads are capped by ``max_import_bytes``, a
limit of their own); the answer is the same summary as ``guanxi import ... --json``.  Importing
needs ``imports:run`` (managers and up, write-scoped API keys): rows are matched against every
customer of the tenant, so it is not a rep's right even though reps write customers.

A tenant runs one import at a time: an upload while another runs is answered 409 naming the
running job.  A job that stopped (failed, or interrupted when its process died) is resumed with
``POST /imports/{job_id}/resume`` and the same file.  When the server starts, jobs left running
by dead processes are marked interrupted and their uploads deleted.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from core.api.deps import RequestContext, require
from core.api.responses import responses
from core.importing.export import export_records
from core.importing.headers import parse_mapping
from core.importing.interactions import INTERACTIONS
from core.importing.packtypes import pack_import_type, record_kind
from core.importing.report import ImportReport
from core.importing.runner import CUSTOMERS, RecordKind
from core.importing.uploads import (
    get_job,
    import_upload,
    recover_after_restart,
    rejects_csv,
    resume_upload,
    saved_upload,
)
from core.tenancy import commit_early

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@asynccontextmanager
async def _recover_interrupted_imports(app: Any) -> AsyncIterator[None]:
    """Start-up of every serving process: see :func:`recover_after_restart`."""
    await run_in_threadpool(recover_after_restart, engine=app.state.engine)
    yield


router = APIRouter(prefix="/api/v1/imports", tags=["imports"], lifespan=_recover_interrupted_imports)
DryRun = Annotated[bool, Form(description="Check every row and answer what would happen; write nothing.")]
Importer = Annotated[RequestContext, require("imports:run")]
Mapping = Annotated[
    list[str],
    Form(description="`column=field` (or `column=-` to ignore); repeatable.", examples=[["联系方式=phone"]]),
]


class RejectOut(BaseModel):
    line: int
    column: str
    reason: str
    external_id: str | None = None


class ImportOut(BaseModel):
    """What the import did (or would do, for a dry run); a dry run has no job."""

    job_id: int | None
    record_type: str
    file: str
    dry_run: bool
    accepted: int
    rejected: int
    created: int
    updated: int
    unchanged: int
    resumed_after_line: int | None
    columns: dict[str, str]
    ignored_columns: list[str]
    rejects: list[RejectOut]


class ImportJobOut(BaseModel):
    """A job's progress: ``last_line`` is the last line (header = 1) whose rows are committed."""

    id: int
    record_type: str
    file_name: str
    status: str
    last_line: int
    accepted: int
    rejected: int
    created: int
    updated: int
    started_at: datetime
    finished_at: datetime | None
    #: Why a failed or interrupted job stopped.
    error: str | None = None


def _run(
    ctx: RequestContext,
    kind: RecordKind,
    permission: str,
    file: UploadFile,
    dry_run: bool,
    mapping: list[str],
) -> ImportOut:
    ctx.require(permission)
    explicit = parse_mapping(mapping)
    engine = ctx.session.get_bind().engine
    # The batches are their own units of work: end this request's transaction (and its SQLite
    # write lock) first; commit, not rollback, keeps the loaded tenant usable.
    commit_early(ctx.session)
    with saved_upload(file.file, file.filename or "upload.csv") as path:
        report: ImportReport = import_upload(
            engine=engine,
            registry=ctx.registry,
            tenant=ctx.tenant,
            kind=kind,
            path=path,
            dry_run=dry_run,
            mapping=explicit,
        )
    summary = report.as_dict()
    return ImportOut(job_id=report.job_id, rejects=summary.pop("rejected_rows"), **summary)


_WRITES = {CUSTOMERS.key: "customers:write", INTERACTIONS.key: "interactions:write"}


@router.post("/customers", responses=responses(409, 413))
def import_customers(
    file: UploadFile,
    ctx: Importer,
    dry_run: DryRun = False,
    mapping: Mapping = [],  # noqa: B006 (FastAPI copies defaults)
) -> ImportOut:
    """Import customers; rows are matched by external id, so re-sending a file creates nothing."""
    return _run(ctx, CUSTOMERS, "customers:write", file, dry_run, mapping)


@router.post("/interactions", responses=responses(409, 413))
def import_interactions(
    file: UploadFile,
    ctx: Importer,
    dry_run: DryRun = False,
    mapping: Mapping = [],  # noqa: B006
) -> ImportOut:
    """Import interactions of existing customers (named by the customers' external ids)."""
    return _run(ctx, INTERACTIONS, "interactions:write", file, dry_run, mapping)


@router.post("/{job_id}/resume", responses=responses(404, 409, 413))
def resume_import(job_id: int, file: UploadFile, ctx: Importer, mapping: Mapping = []) -> ImportOut:  # noqa: B006
    """Continue a failed or interrupted job after its last saved line; send the same file.

    The job's own column mapping is used unless one is sent.
    """
    job = get_job(session=ctx.session, job_id=job_id)
    if job.record_type in _WRITES:
        ctx.require(_WRITES[job.record_type])
    kind = record_kind(session=ctx.session, tenant=ctx.tenant, key=job.record_type)
    explicit = parse_mapping(mapping) if mapping else None
    engine = ctx.session.get_bind().engine
    commit_early(ctx.session)
    with saved_upload(file.file, file.filename or job.file_name) as path:
        report = resume_upload(
            engine=engine,
            registry=ctx.registry,
            tenant=ctx.tenant,
            kind=kind,
            job=job,
            path=path,
            mapping=explicit,
        )
    summary = report.as_dict()
    return ImportOut(job_id=report.job_id, rejects=summary.pop("rejected_rows"), **summary)


Reader = Annotated[RequestContext, require("customers:read")]
ExportFormat = Annotated[
    Literal["csv", "xlsx"], Query(alias="format", description="`csv` (UTF-8 with BOM) or `xlsx`.")
]
_MEDIA = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MEDIA_TYPE}


@router.get("/export/{record_type}", responses=responses(404, 422), response_class=Response)
def export_pack_records(record_type: str, ctx: Reader, file_format: ExportFormat = "csv") -> Response:
    """A pack record type's stored records as a file its import accepts (importing it creates
    nothing); only the records of customers the caller may see."""
    import_type = pack_import_type(session=ctx.session, tenant=ctx.tenant, key=record_type)
    with tempfile.TemporaryDirectory(prefix="guanxi-export-") as folder:
        path = Path(folder) / f"{record_type}.{file_format}"
        export_records(
            session=ctx.session, tenant=ctx.tenant, import_type=import_type, target=path, caller=ctx
        )
        body = path.read_bytes()
    return Response(
        body,
        media_type=_MEDIA[file_format],
        headers={"Content-Disposition": f'attachment; filename="{record_type}.{file_format}"'},
    )


@router.get("/{job_id}", responses=responses(404))
def import_status(job_id: int, ctx: Importer) -> ImportJobOut:
    return ImportJobOut.model_validate(get_job(session=ctx.session, job_id=job_id), from_attributes=True)


@router.get("/{job_id}/rejects.csv", responses=responses(404), response_class=Response)
def import_rejects(job_id: int, ctx: Importer) -> Response:
    """The rejected rows (line, column, reason, external id) of the job's last run."""
    body = rejects_csv(session=ctx.session, job_id=job_id)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{job_id}-rejects.csv"'},
    )
