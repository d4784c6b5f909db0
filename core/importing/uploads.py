"""Imports of uploaded files (API and web page): the upload's folder, background runs, resuming.

An upload is customer data, so it lives only as long as its import: it is written to a private
folder named after this process's life (``guanxi-import-<pid>-<token>-…``) and deleted when the
import ends, fails or is refused.  When a process dies with uploads in hand (``kill -9``, a
crash), :func:`remove_abandoned_uploads` deletes them at the next start-up: the folder's name says
whose it was.

The web page runs real imports as jobs on the job runner (:mod:`core.importing.webjobs`); it
claims the import job first, so a second upload is answered 409 at once.  Progress is whatever the
job row says (the runner advances it with every committed batch), so any process can show it.
A stopped job (failed or interrupted) is resumed by uploading the same file again, or through
:func:`resume_upload` with the job's id.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from core.errors import NotFound
from core.importing import jobs
from core.importing.leases import process_gone, this_process
from core.importing.messages import NOT_THE_FILE, NOTHING_TO_RESUME, WordedConflict, refuse
from core.importing.models import ImportJob, ImportReject
from core.importing.report import ImportReport, write_rejects
from core.importing.rows import RowReject
from core.importing.runner import RecordKind, read_header, run_import
from core.importing.sources import SourceInfo, inspect_source, read_rows
from core.models import Tenant
from core.packs.registry import PackRegistry
from core.tenancy import session_tenant_id

UPLOAD_PREFIX = "guanxi-import-"
_log = logging.getLogger(__name__)


def _new_folder() -> Path:
    me = this_process()
    return Path(tempfile.mkdtemp(prefix=f"{UPLOAD_PREFIX}{me.pid}-{me.token}-"))


def _store(stream: IO[bytes], file_name: str, folder: Path) -> Path:
    """The upload under its own (sanitised) name: the job and the report are named after it, and
    its suffix tells CSV from XLSX."""
    name = re.sub(r"[^\w.\-]+", "_", Path(file_name or "upload.csv").name).strip("._") or "upload.csv"
    path = folder / name[-120:]
    with path.open("wb") as target:
        shutil.copyfileobj(stream, target, length=1024 * 1024)
    return path


@contextmanager
def saved_upload(stream: IO[bytes], file_name: str) -> Iterator[Path]:
    """The upload written to a private folder of this process; deleted when the block ends."""
    folder = _new_folder()
    try:
        yield _store(stream, file_name, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_abandoned_uploads() -> int:
    """Delete the upload folders of processes of this machine that are gone; how many."""
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{UPLOAD_PREFIX}*"):
        pid, _, rest = folder.name[len(UPLOAD_PREFIX) :].partition("-")
        token = rest.partition("-")[0]
        if folder.is_dir() and pid.isdigit() and token and process_gone(int(pid), token):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def recover_after_restart(*, engine: Engine) -> None:
    """At start-up: jobs left running by dead processes become interrupted; their uploads go."""
    try:
        interrupted = jobs.interrupt_abandoned_jobs(engine=engine)
    except DBAPIError as exc:  # e.g. a database not upgraded yet: nothing to recover there
        _log.warning("could not look for interrupted imports: %s", exc)
        interrupted = 0
    removed = remove_abandoned_uploads()
    if interrupted or removed:
        _log.warning("%s import(s) found interrupted, %s abandoned upload(s) deleted", interrupted, removed)


def check_header(*, kind: RecordKind, path: Path, mapping: Mapping[str, str] | None) -> SourceInfo:
    """Check the file as the runner would (whole-file checks, header), before going to the
    background: the page can then show the problem next to the form instead of a failed job."""
    info = inspect_source(path)
    read_header(read_rows(info), kind, path.name, mapping)
    return info


def import_upload(
    *,
    engine: Engine,
    registry: PackRegistry,
    tenant: Tenant,
    kind: RecordKind,
    path: Path,
    dry_run: bool,
    mapping: Mapping[str, str] | None,
) -> ImportReport:
    """Run the import now (what the API's upload does); the runner keeps the rejects."""
    return run_import(
        engine=engine,
        registry=registry,
        tenant=tenant,
        kind=kind,
        source=path,
        dry_run=dry_run,
        mapping=mapping,
    )


def check_resumable(*, job: ImportJob, info: SourceInfo) -> None:
    """Refuse to resume a finished job, or with another file than the one the job read."""
    if job.status == jobs.DONE:
        raise WordedConflict(NOTHING_TO_RESUME, job=str(job.id), status=job.status)
    if info.sha256 != job.file_hash:
        raise refuse(NOT_THE_FILE, job=str(job.id), file=job.file_name)


def resume_upload(
    *,
    engine: Engine,
    registry: PackRegistry,
    tenant: Tenant,
    kind: RecordKind,
    job: ImportJob,
    path: Path,
    mapping: Mapping[str, str] | None,
) -> ImportReport:
    """Continue a stopped job after its last committed line, with the file it read."""
    check_resumable(job=job, info=inspect_source(path))
    return run_import(
        engine=engine,
        registry=registry,
        tenant=tenant,
        kind=kind,
        source=path,
        mapping=mapping if mapping is not None else job.mapping,
    )


def get_job(*, session: Session, job_id: int) -> ImportJob:
    """The tenant's job (the session is tenant-scoped); another tenant's id is :class:`NotFound`."""
    job = session.get(ImportJob, job_id) if 0 < job_id < 2**63 else None
    if job is None or job.tenant_id != session_tenant_id(session):
        raise NotFound(f"import job {job_id} not found")
    return job


def rejects_csv(*, session: Session, job_id: int) -> str:
    """The job's kept rejects as CSV (BOM first, so spreadsheet apps read it as UTF-8).

    Built whole: the request's session closes before a streamed body would be read, and the
    runner keeps at most ``ImportReport.max_rejects`` rows anyway.
    """
    get_job(session=session, job_id=job_id)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    rows = session.exec(
        select(ImportReject)
        .where(col(ImportReject.job_id) == job_id)
        .order_by(col(ImportReject.line), col(ImportReject.id))
    )
    write_rejects(buffer, (RowReject(r.line, r.column, r.reason, r.external_id) for r in rows))
    return buffer.getvalue()
