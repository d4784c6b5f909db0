"""Run an import: stream the file, validate each row, write batches in their own transactions.

Each batch (``batch_size`` lines) is one unit of work that also advances the import job, so an
interrupted import resumes after the last committed batch.  Memory holds one batch, never the file.
A dry run validates and matches every row against the database but writes nothing (a pack
record type's batch is written and rolled back), so an external id repeated in a later batch of
the same file is counted as created twice in a dry run.  Rows are matched by external id; a row
without one is always created, so only files with external ids can be re-imported idempotently.
Rejects of lines committed before an interruption are not reported again when the job resumes
(the job row keeps their count).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from core.errors import InvalidInput, Problem
from core.importing import jobs
from core.importing.headers import CUSTOMER_COLUMNS, ColumnMap, map_headers
from core.importing.report import ImportReport, Progress
from core.importing.rows import CustomerRowReader, RowReject, ValidRow
from core.importing.sources import inspect_source, read_rows
from core.importing.writer import BatchResult, write_customers
from core.models import Tenant
from core.packstate import hooks_for
from core.tenancy import tenant_session, unit_of_work
from core.types import utcnow

BATCH_SIZE = 1000

#: ``reader(line, cells) -> ValidRow | RowReject``
Reader = Callable[[int, Sequence[str]], ValidRow | RowReject]
#: ``writer(session=, tenant=, hooks=, rows=, header_of=, dry_run=) -> BatchResult``
Writer = Callable[..., BatchResult]


@dataclass(frozen=True)
class RecordKind:
    """How one record type is imported: its columns, how a row is read and a batch written."""

    key: str
    columns: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]
    make_reader: Callable[[ColumnMap, Tenant], Reader]
    writer: Writer


def tenant_today(tenant: Tenant) -> date:
    """Today in the tenant's time zone (what "a birthday in the future" is measured against)."""
    return utcnow().astimezone(ZoneInfo(tenant.timezone)).date()


CUSTOMERS = RecordKind(
    key="customers",
    columns=CUSTOMER_COLUMNS,
    required=("name",),
    make_reader=lambda columns, tenant: CustomerRowReader(
        columns, region=tenant.phone_region, today=tenant_today(tenant)).read,
    writer=write_customers,
)


def run_import(
    *,
    engine: Engine,
    tenant: Tenant,
    kind: RecordKind,
    source: Path | str,
    dry_run: bool = False,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import ``source`` as ``kind`` for ``tenant``; see the module docstring for the contract."""
    info = inspect_source(Path(source))
    rows = read_rows(info)
    header = next(rows, None)
    if header is None:
        raise InvalidInput([Problem("file", f"'{info.path.name}' is empty")])
    columns = map_headers(header[1], kind.columns, required=kind.required, explicit=mapping)
    report = ImportReport(record_type=kind.key, file_name=info.path.name, dry_run=dry_run,
                          columns={f: h for f, (_i, h) in columns.fields.items()},
                          ignored_columns=list(columns.ignored))
    resume_after = 1
    if not dry_run:
        with unit_of_work(engine, tenant.id) as session:
            job, resume_after = jobs.start_job(session=session, tenant_id=tenant.id,
                                               record_type=kind.key, file_hash=info.sha256,
                                               file_name=info.path.name)
        report.job_id = job.id
        report.resumed_after_line = resume_after if resume_after > 1 else None
    read = kind.make_reader(columns, tenant)
    batch: list[ValidRow] = []
    rejects: list[RowReject] = []
    last_line = resume_after
    for line, cells in rows:
        if line <= resume_after:
            continue
        item = read(line, cells)
        (batch if isinstance(item, ValidRow) else rejects).append(item)  # type: ignore[arg-type]
        last_line = line
        if len(batch) + len(rejects) >= batch_size:
            _write_batch(engine, tenant, kind, columns, batch, rejects, last_line, report)
            batch, rejects = [], []
            if progress:
                progress(last_line, info.approx_rows)
    _write_batch(engine, tenant, kind, columns, batch, rejects, last_line, report)
    if progress:
        progress(last_line, info.approx_rows)
    if report.job_id is not None:
        with unit_of_work(engine, tenant.id) as session:
            jobs.finish_job(session=session, job_id=report.job_id)
    return report


def _write_batch(engine: Engine, tenant: Tenant, kind: RecordKind, columns: ColumnMap,
                 batch: list[ValidRow], rejects: list[RowReject], last_line: int,
                 report: ImportReport) -> None:
    if not batch and not rejects:
        return
    with tenant_session(engine, tenant.id) as session:
        try:
            result = kind.writer(session=session, tenant=tenant, hooks=hooks_for(session, tenant),
                                 rows=batch, header_of=columns.header_of, dry_run=report.dry_run)
            rejected = sorted([*rejects, *result.rejects], key=lambda r: r.line)
            accepted = len(batch) - len(result.rejects)
            if report.dry_run:
                session.rollback()
            else:
                jobs.record_progress(session.connection(), job_id=report.job_id or 0,
                                     tenant_id=tenant.id, last_line=last_line,
                                     accepted=accepted, rejected=len(rejected),
                                     created=result.created, updated=result.updated)
                session.commit()
        except BaseException:
            session.rollback()
            raise
    for reject in rejected:
        report.add_reject(reject)
    report.accepted += accepted
    report.created += result.created
    report.updated += result.updated
    report.unchanged += result.unchanged


def import_customers(
    *,
    engine: Engine,
    tenant: Tenant,
    source: Path | str,
    dry_run: bool = False,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import customers from a CSV or XLSX file (the service the CLI and the API call)."""
    return run_import(engine=engine, tenant=tenant, kind=CUSTOMERS, source=source,
                      dry_run=dry_run, mapping=mapping, progress=progress, batch_size=batch_size)
