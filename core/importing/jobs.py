"""Import-job bookkeeping: claim the tenant's import lock, record committed progress, end the job.

Progress (counts, the last committed line and the batch's rejects) is written in the same
transaction as the batch it describes, so after a crash the job says exactly what is stored.

A tenant imports one file at a time.  Claiming a job makes it ``running`` with this process as its
owner; a partial unique index lets only one job per tenant be running, and every later write of the
job is guarded by its owner, so two processes (or machines) can never both write an import.  A
running job whose owner is gone (:mod:`core.importing.leases`) is marked ``interrupted`` and may be
taken over; resuming continues after its last committed line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict, GuanxiError
from core.importing.leases import owner_gone, this_process
from core.importing.messages import ImportBusy
from core.importing.models import ImportJob, ImportReject
from core.importing.rows import RowReject
from core.tenancy import tenant_session, unit_of_work
from core.types import utcnow

RUNNING, DONE, FAILED, INTERRUPTED = "running", "done", "failed", "interrupted"
JOBS = ImportJob.__table__  # type: ignore[attr-defined]
REJECTS = ImportReject.__table__  # type: ignore[attr-defined]
_log = logging.getLogger(__name__)


class ImportStopped(GuanxiError):
    """An import that failed after it started: its job is marked failed and keeps what was saved."""

    def __init__(self, *, job_id: int, last_line: int, reason: str) -> None:
        self.job_id, self.last_line, self.reason = job_id, last_line, reason
        saved = f"the rows up to line {last_line} are saved" if last_line > 1 else "no row was saved"
        super().__init__(
            f"import job {job_id} stopped after line {last_line}: {reason}; {saved}, "
            "and importing the same file again continues after it"
        )


def _busy(connection: Connection, tenant_id: int) -> ImportBusy | Conflict:
    row = connection.execute(
        select(JOBS.c.id, JOBS.c.file_name, JOBS.c.started_at).where(
            JOBS.c.tenant_id == tenant_id, JOBS.c.status == RUNNING
        )
    ).first()
    if row is None:
        return Conflict("another import of this tenant started at the same moment; try again")
    return ImportBusy(job_id=row.id, file_name=row.file_name, started_at=row.started_at)


def interruption(last_line: int) -> str:
    return (
        f"the process running it stopped (a restart or a crash) after line {last_line}; "
        "import the same file again to continue"
    )


def _interrupt(connection: Connection, job: Any) -> bool:
    """Mark a running job whose owner is gone as interrupted, unless it moved meanwhile."""
    result = connection.execute(
        update(JOBS)
        .where(
            JOBS.c.id == job.id,
            JOBS.c.status == RUNNING,
            JOBS.c.owner.is_not_distinct_from(job.owner),
            JOBS.c.heartbeat_at.is_not_distinct_from(job.heartbeat_at),
        )
        .values(status=INTERRUPTED, owner=None, finished_at=utcnow(), error=interruption(job.last_line))
    )
    return result.rowcount == 1


def _claim(
    connection: Connection,
    tenant_id: int,
    record_type: str,
    file_hash: str,
    file_name: str,
    mapping: Mapping[str, str] | None,
) -> tuple[int, int]:
    now = utcnow()
    running = connection.execute(
        select(JOBS).where(JOBS.c.tenant_id == tenant_id, JOBS.c.status == RUNNING)
    ).all()
    for other in running:
        if not owner_gone(other.owner, other.heartbeat_at, now=now) or not _interrupt(connection, other):
            raise _busy(connection, tenant_id)
    claimed = {
        "status": RUNNING,
        "owner": str(this_process()),
        "heartbeat_at": now,
        "finished_at": None,
        "error": None,
        "file_name": file_name[:255],
        "mapping": dict(mapping) if mapping else None,
    }
    job = connection.execute(
        select(JOBS.c.id, JOBS.c.status, JOBS.c.last_line).where(
            JOBS.c.tenant_id == tenant_id, JOBS.c.record_type == record_type, JOBS.c.file_hash == file_hash
        )
    ).first()
    if job is None:
        new_id = connection.execute(
            insert(JOBS)
            .values(
                tenant_id=tenant_id,
                record_type=record_type,
                file_hash=file_hash,
                last_line=1,
                accepted=0,
                rejected=0,
                created=0,
                updated=0,
                started_at=now,
                **claimed,
            )
            .returning(JOBS.c.id)
        ).scalar_one()
        return int(new_id), 1
    fresh = job.status == DONE
    if fresh:  # a finished file is checked again from the start: a new report
        claimed |= {
            "last_line": 1,
            "accepted": 0,
            "rejected": 0,
            "created": 0,
            "updated": 0,
            "started_at": now,
        }
        connection.execute(
            delete(REJECTS).where(REJECTS.c.tenant_id == tenant_id, REJECTS.c.job_id == job.id)
        )
    result = connection.execute(
        update(JOBS).where(JOBS.c.id == job.id, JOBS.c.status != RUNNING).values(**claimed)
    )
    if result.rowcount != 1:
        raise _busy(connection, tenant_id)
    return int(job.id), 1 if fresh else int(job.last_line)


def claim_job(
    *,
    engine: Engine,
    tenant_id: int,
    record_type: str,
    file_hash: str,
    file_name: str,
    mapping: Mapping[str, str] | None = None,
) -> tuple[int, int]:
    """Take the tenant's import lock for this file's job: (job id, line to resume after).

    A finished job starts over (re-importing re-checks every row and, rows being matched, creates
    nothing new); a failed or interrupted one resumes after its last committed line.  Raises
    :class:`~core.importing.messages.ImportBusy` (409) while another import of the tenant runs.
    """
    try:
        with unit_of_work(engine, tenant_id) as session:
            return _claim(session.connection(), tenant_id, record_type, file_hash, file_name, mapping)
    except IntegrityError:  # another process claimed between our read and our write
        with tenant_session(engine, tenant_id, read_only=True) as session:
            raise _busy(session.connection(), tenant_id) from None


def _owned(job_id: int, tenant_id: int) -> Any:
    return (
        JOBS.c.id == job_id,
        JOBS.c.tenant_id == tenant_id,
        JOBS.c.status == RUNNING,
        JOBS.c.owner == str(this_process()),
    )


def record_progress(
    connection: Connection,
    *,
    job_id: int,
    tenant_id: int,
    last_line: int,
    accepted: int,
    rejected: Sequence[RowReject],
    rejects_kept: int,
    created: int,
    updated: int,
) -> None:
    """Add a batch's counts and rejects to the job, in the batch's transaction.

    Only ``rejects_kept`` of the batch's rejects are stored (the report keeps a bounded number);
    the count is always complete.  Raises :class:`Conflict` (rolling the batch back) when this
    process no longer owns the job.
    """
    result = connection.execute(
        update(JOBS)
        .where(*_owned(job_id, tenant_id))
        .values(
            last_line=last_line,
            heartbeat_at=utcnow(),
            accepted=JOBS.c.accepted + accepted,
            rejected=JOBS.c.rejected + len(rejected),
            created=JOBS.c.created + created,
            updated=JOBS.c.updated + updated,
        )
    )
    if result.rowcount != 1:
        raise Conflict(f"import job {job_id} was taken over by another process; it goes on there")
    if rejected and rejects_kept > 0:
        connection.execute(
            insert(REJECTS),
            [
                {
                    "tenant_id": tenant_id,
                    "job_id": job_id,
                    "line": r.line,
                    "column": r.column[:255],
                    "reason": r.reason[:500],
                    "external_id": (r.external_id or None) and r.external_id[:64],
                }
                for r in rejected[:rejects_kept]
            ],
        )


def finish_job(*, engine: Engine, tenant_id: int, job_id: int) -> None:
    with unit_of_work(engine, tenant_id) as session:
        session.connection().execute(
            update(JOBS)
            .where(*_owned(job_id, tenant_id))
            .values(status=DONE, owner=None, finished_at=utcnow())
        )


def stop_job(*, engine: Engine, tenant_id: int, job_id: int, error: BaseException) -> ImportStopped | None:
    """Mark the job failed (or interrupted, for Ctrl-C) with the reason; the error to raise instead.

    ``None`` when the job is no longer this process's (taken over) or the error is not a failure.
    """
    interrupted = not isinstance(error, Exception)
    if isinstance(error, GuanxiError):
        reason = str(error)
    else:
        reason = f"unexpected error ({type(error).__name__}); the server log has the details"
        if not interrupted:
            _log.error("import job %s failed", job_id, exc_info=error)
    with unit_of_work(engine, tenant_id) as session:
        connection = session.connection()
        last_line = connection.execute(select(JOBS.c.last_line).where(*_owned(job_id, tenant_id))).scalar()
        if last_line is None:
            return None
        connection.execute(
            update(JOBS)
            .where(*_owned(job_id, tenant_id))
            .values(
                status=INTERRUPTED if interrupted else FAILED,
                owner=None,
                finished_at=utcnow(),
                error=(interruption(last_line) if interrupted else reason)[:500],
            )
        )
    if interrupted:
        return None
    return ImportStopped(job_id=job_id, last_line=int(last_line), reason=reason)


def interrupt_abandoned_jobs(*, engine: Engine) -> int:
    """At start-up: mark every tenant's running job whose owner is gone as interrupted."""
    now, count = utcnow(), 0
    with engine.begin() as connection:
        for job in connection.execute(select(JOBS).where(JOBS.c.status == RUNNING)).all():
            if owner_gone(job.owner, job.heartbeat_at, now=now) and _interrupt(connection, job):
                count += 1
    return count


def hand_over(*, engine: Engine, tenant_id: int, job_id: int) -> int | None:
    """Make this process the owner of ``job_id``; the line to resume after (``None``: it is done).

    The job runner takes over what the web page claimed, and a retried run resumes a job its
    earlier attempt left running (a process that died), failed or interrupted.  Raises
    :class:`~core.importing.messages.ImportBusy` while another import of the tenant runs, so the
    run is retried later.
    """
    claimed = {
        "status": RUNNING,
        "owner": str(this_process()),
        "heartbeat_at": utcnow(),
        "finished_at": None,
        "error": None,
    }
    try:
        with unit_of_work(engine, tenant_id) as session:
            connection = session.connection()
            last_line = connection.execute(
                select(JOBS.c.last_line).where(
                    JOBS.c.id == job_id, JOBS.c.tenant_id == tenant_id, JOBS.c.status != DONE
                )
            ).scalar()
            if last_line is None:
                return None
            connection.execute(
                update(JOBS).where(JOBS.c.id == job_id, JOBS.c.tenant_id == tenant_id).values(**claimed)
            )
            return int(last_line)
    except IntegrityError:  # another import of the tenant is running
        with tenant_session(engine, tenant_id, read_only=True) as session:
            raise _busy(session.connection(), tenant_id) from None
