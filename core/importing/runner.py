"""Run an import: stream the file, validate each row, write batches in their own transactions.

Each batch (``batch_size`` lines) is one unit of work that also advances the import job and keeps
the batch's rejects, so an interrupted import resumes after the last committed batch and its job
always says what is stored.  Memory holds one batch, never the file.  The whole file is checked
before the job starts (encoding, spreadsheet limits, header), so a file that cannot be imported is
refused before anything is written; a row that cannot be read becomes that row's reject.

A tenant runs one import at a time (:func:`core.importing.jobs.claim_job`): a second one is
refused with 409 naming the running job.  An import that fails after it started marks its job
failed with the reason and raises :class:`~core.importing.jobs.ImportStopped`, which says what was
saved; importing the same file again continues after the last committed line.

A dry run validates and matches every row against the database but writes nothing (a pack
record type's batch is written and rolled back) and takes no lock, so a row repeated in a later
batch of the same file is counted as created twice in a dry run.  Rows are matched by external id,
and rows without one by their phone, e-mail or values (:mod:`core.importing.matching`).
Rejects of lines committed before an interruption are not reported again when the job resumes
(the job keeps them, and their count).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from core.errors import InvalidInput, Problem
from core.importing import jobs
from core.importing.headers import CUSTOMER_COLUMNS, ColumnMap, map_headers
from core.importing.messages import EMPTY, refuse
from core.importing.report import ImportReport, Progress
from core.importing.rows import CustomerRowReader, RowReject, ValidRow
from core.importing.sources import SourceInfo, Unreadable, inspect_source, read_rows
from core.importing.writer import BatchResult, write_customers
from core.models import Tenant
from core.packs.registry import PackRegistry
from core.packs.state import hooks_for
from core.tenancy import unit_of_work
from core.text import clean_text
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
    #: A field whose adjacent rows are one record (an order's lines): never split across batches.
    group_by: str | None = None
    #: Rows per batch (one unit of work) unless the caller asks for another size.
    batch_size: int = BATCH_SIZE


def tenant_today(tenant: Tenant) -> date:
    """Today in the tenant's time zone (what "a birthday in the future" is measured against)."""
    return utcnow().astimezone(ZoneInfo(tenant.timezone)).date()


CUSTOMERS = RecordKind(
    key="customers",
    columns=CUSTOMER_COLUMNS,
    required=("name",),
    make_reader=lambda columns, tenant: (
        CustomerRowReader(columns, region=tenant.phone_region, today=tenant_today(tenant)).read
    ),
    writer=write_customers,
)


def run_import(
    *,
    engine: Engine,
    registry: PackRegistry,
    tenant: Tenant,
    kind: RecordKind,
    source: Path | str,
    dry_run: bool = False,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    batch_size: int | None = None,
    claimed: tuple[int, int] | None = None,
) -> ImportReport:
    """Import ``source`` as ``kind`` for ``tenant``; see the module docstring for the contract.

    ``claimed`` is ``(job id, line to resume after)`` of a job this process already claimed for
    the file (the web page claims before it goes to the background, to answer 409 at once).
    Each batch calls the hooks of ``registry``'s packs the tenant enabled.
    """
    batch_size = batch_size or kind.batch_size
    info = inspect_source(Path(source))
    rows = read_rows(info)
    columns = read_header(rows, kind, info.path.name, mapping)
    report = ImportReport(
        record_type=kind.key,
        file_name=info.path.name,
        dry_run=dry_run,
        columns={f: h for f, (_i, h) in columns.fields.items()},
        ignored_columns=list(columns.ignored),
    )
    if dry_run:
        _stream(engine, registry, tenant, kind, columns, rows, 1, report, progress, info, batch_size)
        return report
    assert tenant.id is not None
    job_id, resume_after = claimed or jobs.claim_job(
        engine=engine,
        tenant_id=tenant.id,
        record_type=kind.key,
        file_hash=info.sha256,
        file_name=info.path.name,
        mapping=mapping,
    )
    report.job_id = job_id
    report.resumed_after_line = resume_after if resume_after > 1 else None
    try:
        _stream(
            engine, registry, tenant, kind, columns, rows, resume_after, report, progress, info, batch_size
        )
    except BaseException as exc:
        stopped = jobs.stop_job(engine=engine, tenant_id=tenant.id, job_id=job_id, error=exc)
        if stopped is None:
            raise
        raise stopped from exc
    jobs.finish_job(engine=engine, tenant_id=tenant.id, job_id=job_id)
    return report


def read_header(
    rows: Iterator[tuple[int, list[str] | Unreadable]],
    kind: RecordKind,
    file_name: str,
    mapping: Mapping[str, str] | None,
) -> ColumnMap:
    """The column map of the file's first row; :class:`InvalidInput` when it has none."""
    header = next(rows, None)
    if header is None:
        raise refuse(EMPTY, file=file_name)
    if isinstance(header[1], Unreadable):
        raise InvalidInput([Problem("file", f"the header row {header[1].reason}")])
    return map_headers(header[1], kind.columns, required=kind.required, explicit=mapping)


def _stream(
    engine: Engine,
    registry: PackRegistry,
    tenant: Tenant,
    kind: RecordKind,
    columns: ColumnMap,
    rows: Iterator[tuple[int, list[str] | Unreadable]],
    resume_after: int,
    report: ImportReport,
    progress: Progress | None,
    info: SourceInfo,
    batch_size: int,
) -> None:
    read = kind.make_reader(columns, tenant)
    headers = {i: h for _f, (i, h) in columns.fields.items()}
    key = next(
        (columns.fields[f][0] for f in ("external_id", "customer_external_id") if f in columns.fields), None
    )
    batch: list[ValidRow] = []
    rejects: list[RowReject] = []
    last_line = resume_after
    for line, cells in rows:
        if line <= resume_after:
            continue
        item: ValidRow | RowReject
        if isinstance(cells, Unreadable):
            column = "" if cells.column is None else headers.get(cells.column, f"#{cells.column + 1}")
            external_id = cells.cells[key] if key is not None and key < len(cells.cells) else ""
            item = RowReject(line, column, cells.reason, clean_text(external_id) or None)
        else:
            item = read(line, cells)
        if len(batch) + len(rejects) >= batch_size and _may_cut(kind.group_by, batch, item):
            _write_batch(engine, registry, tenant, kind, columns, batch, rejects, last_line, report)
            batch, rejects = [], []
            if progress:
                progress(last_line, info.approx_rows)
        if isinstance(item, ValidRow):
            batch.append(item)
        else:
            rejects.append(item)
        last_line = line
    _write_batch(engine, registry, tenant, kind, columns, batch, rejects, last_line, report)
    if progress:
        progress(last_line, info.approx_rows)


def _may_cut(group_by: str | None, batch: list[ValidRow], item: ValidRow | RowReject) -> bool:
    """Whether a full batch may end before ``item``: not between two rows of one group."""
    if group_by is None or not batch or not isinstance(item, ValidRow):
        return True
    return batch[-1].values.get(group_by) != item.values.get(group_by)


def _write_batch(
    engine: Engine,
    registry: PackRegistry,
    tenant: Tenant,
    kind: RecordKind,
    columns: ColumnMap,
    batch: list[ValidRow],
    rejects: list[RowReject],
    last_line: int,
    report: ImportReport,
) -> None:
    if not batch and not rejects:
        return
    assert tenant.id is not None
    # each batch is a unit of work of its own, so an interrupted import keeps its committed batches
    with unit_of_work(engine, tenant.id, dry_run=report.dry_run, registry=registry) as session:
        result = kind.writer(
            session=session,
            tenant=tenant,
            hooks=hooks_for(session, tenant),
            rows=batch,
            header_of=columns.header_of,
            dry_run=report.dry_run,
        )
        rejected = sorted([*rejects, *result.rejects], key=lambda r: r.line)
        accepted = len(batch) - len(result.rejects)
        if not report.dry_run:
            jobs.record_progress(
                session.connection(),
                job_id=report.job_id or 0,
                tenant_id=tenant.id,
                last_line=last_line,
                accepted=accepted,
                rejected=rejected,
                rejects_kept=report.max_rejects - len(report.rejects),
                created=result.created,
                updated=result.updated,
            )
    for reject in rejected:
        report.add_reject(reject)
    report.accepted += accepted
    report.created += result.created
    report.updated += result.updated
    report.unchanged += result.unchanged


def import_customers(
    *,
    engine: Engine,
    registry: PackRegistry,
    tenant: Tenant,
    source: Path | str,
    dry_run: bool = False,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import customers from a CSV or XLSX file (the service the CLI and the API call)."""
    return run_import(
        engine=engine,
        registry=registry,
        tenant=tenant,
        kind=CUSTOMERS,
        source=source,
        dry_run=dry_run,
        mapping=mapping,
        progress=progress,
        batch_size=batch_size,
    )
