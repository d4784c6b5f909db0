"""Import-job bookkeeping: find the job for a file, record committed progress, finish it.

Progress is written in the same transaction as the batch it describes, so after a crash the job's
``last_line`` is exactly the last line whose rows are in the database.
"""

from __future__ import annotations

from sqlalchemy import Connection, update
from sqlmodel import Session, select

from core.importing.models import ImportJob
from core.types import utcnow

RUNNING = "running"
DONE = "done"


def start_job(
    *, session: Session, tenant_id: int, record_type: str, file_hash: str, file_name: str
) -> tuple[ImportJob, int]:
    """The job for this file and the line to resume after (1 = from the start).

    A finished job is started over: re-importing a file re-checks every row (and, rows being
    matched by external id, creates nothing new); an unfinished one resumes after its last
    committed line.
    """
    job = session.exec(
        select(ImportJob).where(
            ImportJob.tenant_id == tenant_id,
            ImportJob.record_type == record_type,
            ImportJob.file_hash == file_hash,
        )
    ).first()
    if job is None:
        job = ImportJob(tenant_id=tenant_id, record_type=record_type, file_hash=file_hash,
                        file_name=file_name[:255])
    elif job.status == DONE:
        job.last_line, job.accepted, job.rejected, job.created, job.updated = 1, 0, 0, 0, 0
        job.status, job.started_at, job.finished_at = RUNNING, utcnow(), None
    session.add(job)
    session.flush()
    return job, job.last_line


def record_progress(
    connection: Connection,
    *,
    job_id: int,
    tenant_id: int,
    last_line: int,
    accepted: int,
    rejected: int,
    created: int,
    updated: int,
) -> None:
    """Add a committed batch's counts to the job (in the batch's own transaction)."""
    table = ImportJob.__table__  # type: ignore[attr-defined]
    connection.execute(
        update(table)
        .where(table.c.id == job_id, table.c.tenant_id == tenant_id)
        .values(
            last_line=last_line,
            accepted=table.c.accepted + accepted,
            rejected=table.c.rejected + rejected,
            created=table.c.created + created,
            updated=table.c.updated + updated,
        )
    )


def finish_job(*, session: Session, job_id: int) -> ImportJob:
    job = session.get(ImportJob, job_id)
    assert job is not None
    job.status = DONE
    job.finished_at = utcnow()
    session.add(job)
    session.flush()
    return job
