"""Imports started from the web page run as jobs (``core.import_upload``) on the job runner.

The page checks the file (whole-file checks, header), claims the tenant's import job (so a second
upload is answered 409 at once), stores the file in ``import_uploads`` and enqueues a run with the
import job's id, all before it answers.  The runner (inside ``guanxi serve``, or ``guanxi jobs
run-due`` from cron, on any host) takes the import job over and imports the stored file, batch by
batch.  A process that dies mid-import leaves its run ``running``; the runner retries it after
:data:`core.jobs.runner.STALE_AFTER` and the retry resumes after the last committed line, so an
import is never lost with a thread.  A failed attempt is retried with backoff like any job; the
upload is deleted when the import is done or its last attempt failed.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Mapping
from typing import IO, Any

from sqlalchemy import Engine, delete, insert, select
from sqlmodel import Session

from core.importing import jobs
from core.importing.models import ImportJob, ImportUpload
from core.importing.runner import RecordKind, run_import
from core.importing.uploads import _new_folder, _store, check_header, check_resumable
from core.jobs.models import JobRun, RunStatus
from core.jobs.queue import EmbeddedQueue, JobQueue
from core.jobs.registry import job_catalog
from core.models import Tenant
from core.packs.registry import PackRegistry
from core.records import Job, JobContext
from core.tenancy import session_registry, tenant_session, unit_of_work
from core.types import utcnow

JOB_NAME = "core.import_upload"
UPLOADS = ImportUpload.__table__  # type: ignore[attr-defined]
RUNS = JobRun.__table__  # type: ignore[attr-defined]


def queue_for(engine: Engine, registry: PackRegistry) -> JobQueue:
    """Where imports are sent: the embedded queue (an online edition swaps in its broker's)."""
    return EmbeddedQueue(engine=engine, catalog=job_catalog(registry))


def enqueue_upload(
    *,
    engine: Engine,
    registry: PackRegistry,
    tenant: Tenant,
    kind: RecordKind,
    stream: IO[bytes],
    file_name: str,
    mapping: Mapping[str, str] | None,
    resuming: ImportJob | None = None,
    queue: JobQueue | None = None,
) -> int:
    """Check the upload, claim its import job, store the file and enqueue its run; the job's id.

    Raises what the checks raise (:class:`InvalidInput` for the file, 409 while another import of
    the tenant runs, or a resumed job given another file) before anything is stored.
    """
    assert tenant.id is not None
    folder = _new_folder()
    try:
        path = _store(stream, file_name, folder)
        info = check_header(kind=kind, path=path, mapping=mapping)
        if resuming is not None:
            check_resumable(job=resuming, info=info)
        job_id, _resume_after = jobs.claim_job(
            engine=engine,
            tenant_id=tenant.id,
            record_type=kind.key,
            file_hash=info.sha256,
            file_name=path.name,
            mapping=mapping,
        )
        content = path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    try:
        _store_and_enqueue(
            engine, tenant.id, job_id, path.name, content, queue or queue_for(engine, registry)
        )
    except BaseException as exc:  # release the claim: the tenant's imports must not wait for no run
        jobs.stop_job(engine=engine, tenant_id=tenant.id, job_id=job_id, error=exc)
        raise
    return job_id


def _store_and_enqueue(
    engine: Engine, tenant_id: int, job_id: int, file_name: str, content: bytes, queue: JobQueue
) -> None:
    """The upload and its run, in one transaction: a run exists exactly when its file does."""
    with unit_of_work(engine, tenant_id) as session:
        connection = session.connection()
        connection.execute(
            delete(UPLOADS).where(UPLOADS.c.tenant_id == tenant_id, UPLOADS.c.job_id == job_id)
        )
        connection.execute(
            insert(UPLOADS).values(
                tenant_id=tenant_id, job_id=job_id, file_name=file_name, content=content, created_at=utcnow()
            )
        )
        queue.enqueue(
            name=JOB_NAME,
            key=f"import:{job_id}:{uuid.uuid4().hex}",
            args={"job_id": job_id},
            tenant_id=tenant_id,
            session=session,
        )


def waiting_to_start(session: Session, tenant_id: int, job_id: int) -> bool:
    """Whether the import job's run is still queued: the page then says it waits for the job
    runner, not that it imports (a busy runner, or cron running ``guanxi jobs run-due`` every
    few minutes, can leave an upload queued for a while)."""
    queued = session.connection().execute(
        select(RUNS.c.id)
        .where(
            RUNS.c.tenant_id == tenant_id,
            RUNS.c.name == JOB_NAME,
            RUNS.c.key.startswith(f"import:{job_id}:", autoescape=True),
            RUNS.c.status == RunStatus.queued.value,
        )
        .limit(1)
    )
    return queued.first() is not None


def _forget_upload(engine: Engine, tenant_id: int, job_id: int) -> None:
    with unit_of_work(engine, tenant_id) as session:
        session.connection().execute(
            delete(UPLOADS).where(UPLOADS.c.tenant_id == tenant_id, UPLOADS.c.job_id == job_id)
        )


def _stored(session: Session, job_id: int) -> tuple[ImportJob | None, Any]:
    job = session.get(ImportJob, job_id)
    upload = (
        session.connection()
        .execute(select(UPLOADS.c.file_name, UPLOADS.c.content).where(UPLOADS.c.job_id == job_id))
        .first()
    )
    return job, upload


def run_upload(ctx: JobContext, *, job_id: int) -> None:
    """The job: import the stored upload of ``job_id`` for ``ctx.tenant``, resuming if it had begun.

    The run's own unit of work (``ctx.session``) is left untouched: each batch of the import
    commits on its own, which is what makes an interrupted import resumable.
    """
    from core.importing.packtypes import record_kind

    engine, tenant = ctx.engine, ctx.tenant
    assert tenant is not None and tenant.id is not None
    registry = session_registry(ctx.session)
    with tenant_session(engine, tenant.id, read_only=True, registry=registry) as session:
        job, upload = _stored(session, job_id)
        if job is None or upload is None:  # imported by an earlier run, or its tenant's job is gone
            return
        kind = record_kind(session=session, tenant=tenant, key=job.record_type)
        mapping = job.mapping
    resume_after = jobs.hand_over(engine=engine, tenant_id=tenant.id, job_id=job_id)
    if resume_after is None:
        _forget_upload(engine, tenant.id, job_id)
        return
    folder = _new_folder()
    try:
        path = folder / upload.file_name
        path.write_bytes(upload.content)
        run_import(
            engine=engine,
            registry=registry,
            tenant=tenant,
            kind=kind,
            source=path,
            mapping=mapping,
            claimed=(job_id, resume_after),
        )
    except Exception:
        if ctx.attempt >= IMPORT_JOB.max_attempts:
            _forget_upload(engine, tenant.id, job_id)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _forget_upload(engine, tenant.id, job_id)


IMPORT_JOB = Job(
    JOB_NAME,
    run_upload,
    max_attempts=3,
    backoff_seconds=60,
    title="Import an uploaded file",
    titles={"zh_Hans": "导入上传的文件", "zh_Hant": "匯入上傳的檔案"},
)
IMPORT_JOBS = [IMPORT_JOB]
