"""Imports of uploaded files (API and web page): kept rejects, job status, background runs.

The CLI prints its rejects and is done; an upload answers first and is asked for its rejects
report later, so a real (not dry) run stores its rejected rows with its job.  A fresh run of a
job replaces the rows kept from the previous one; a resumed run adds to them.  The web page runs
imports in a background thread with its own units of work; progress is whatever the job row says
(the runner advances it with every committed batch), so any process can show it.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, delete, insert
from sqlmodel import Session, select

from core.errors import InvalidInput, NotFound, Problem
from core.importing import jobs
from core.importing.headers import map_headers
from core.importing.models import ImportJob, ImportReject
from core.importing.report import ImportReport, write_rejects
from core.importing.rows import RowReject
from core.importing.runner import RecordKind, run_import
from core.importing.sources import inspect_source, read_rows
from core.models import Tenant
from core.tenancy import session_tenant_id, unit_of_work

FAILED = "failed"
_log = logging.getLogger(__name__)


@contextmanager
def saved_upload(stream: IO[bytes], file_name: str) -> Iterator[Path]:
    """The upload written to a private temporary directory under its own (sanitised) name.

    The runner names the job and the report after the file, and tells CSV from XLSX by its suffix,
    so the temporary file keeps the name the user uploaded.  Removed when the block ends.
    """
    name = re.sub(r"[^\w.\-]+", "_", Path(file_name or "upload.csv").name).strip("._") or "upload.csv"
    with tempfile.TemporaryDirectory(prefix="guanxi-import-") as folder:
        path = Path(folder) / name[-120:]
        with path.open("wb") as target:
            shutil.copyfileobj(stream, target, length=1024 * 1024)
        yield path


def check_header(*, kind: RecordKind, path: Path, mapping: Mapping[str, str] | None) -> None:
    """Refuse (InvalidInput) a file whose header the runner would refuse, before going to the
    background: the page can then show the problem next to the form instead of a failed job."""
    rows = read_rows(inspect_source(path))
    header = next(rows, None)
    if header is None:
        raise InvalidInput([Problem("file", f"'{path.name}' is empty")])
    map_headers(header[1], kind.columns, required=kind.required, explicit=mapping)


def keep_rejects(*, engine: Engine, tenant: Tenant, report: ImportReport) -> None:
    """Store the run's rejected rows with its job (one statement; none for a dry run)."""
    if report.job_id is None:
        return
    with unit_of_work(engine, tenant.id) as session:
        if report.resumed_after_line is None:
            session.execute(delete(ImportReject).where(ImportReject.job_id == report.job_id))
        if report.rejects:
            session.execute(insert(ImportReject), [
                {"tenant_id": tenant.id, "job_id": report.job_id, "line": r.line,
                 "column": r.column[:255], "reason": r.reason[:500],
                 "external_id": (r.external_id or None) and r.external_id[:64]}
                for r in report.rejects
            ])


def import_upload(*, engine: Engine, tenant: Tenant, kind: RecordKind, path: Path,
                  dry_run: bool, mapping: Mapping[str, str] | None) -> ImportReport:
    """Run the import now and keep its rejects (what the API's upload does)."""
    report = run_import(engine=engine, tenant=tenant, kind=kind, source=path, dry_run=dry_run,
                        mapping=mapping)
    keep_rejects(engine=engine, tenant=tenant, report=report)
    return report


@dataclass(frozen=True)
class Background:
    """A started background import: the job to poll and the thread (tests join it)."""

    job_id: int
    thread: threading.Thread


def start_in_background(*, engine: Engine, tenant: Tenant, kind: RecordKind, stream: IO[bytes],
                        file_name: str, mapping: Mapping[str, str] | None) -> Background:
    """Check the header, create (or find) the job, then import in a thread; returns at once.

    The upload is copied to a temporary directory the thread owns and removes when it is done.
    A thread that fails marks its job ``failed``; uploading the file again resumes it.
    """
    folder = Path(tempfile.mkdtemp(prefix="guanxi-import-"))
    try:
        with saved_upload(stream, file_name) as temporary:
            path = Path(shutil.move(str(temporary), folder / temporary.name))
        check_header(kind=kind, path=path, mapping=mapping)
        info = inspect_source(path)
        with unit_of_work(engine, tenant.id) as session:
            job, _resume = jobs.start_job(session=session, tenant_id=tenant.id, record_type=kind.key,
                                          file_hash=info.sha256, file_name=path.name)
            job.status = jobs.RUNNING
            session.add(job)
            session.flush()
            job_id = int(job.id or 0)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def work() -> None:
        try:
            import_upload(engine=engine, tenant=tenant, kind=kind, path=path, dry_run=False,
                          mapping=mapping)
        except Exception:
            _log.exception("background import of job %s failed", job_id)
            with unit_of_work(engine, tenant.id) as session:
                failed = session.get(ImportJob, job_id)
                if failed is not None:
                    failed.status = FAILED
                    session.add(failed)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    thread = threading.Thread(target=work, name=f"guanxi-import-{job_id}", daemon=True)
    thread.start()
    return Background(job_id, thread)


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
    rows = session.exec(select(ImportReject).where(ImportReject.job_id == job_id)
                        .order_by(ImportReject.line, ImportReject.id))
    write_rejects(buffer, (RowReject(r.line, r.column, r.reason, r.external_id) for r in rows))
    return buffer.getvalue()
