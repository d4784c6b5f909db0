"""``guanxi import`` and ``guanxi export``: customer lists (and interactions, and packs' record
types) in and out of a tenant, with a progress bar for people and ``--json`` for scripts.

An import that stops (an error, Ctrl-C, a killed process) keeps what it committed; running the
same command again, or ``guanxi import resume JOB FILE``, continues after the last saved line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from core.cli.context import console, engine, err_console, load_tenant, print_json, registry

if TYPE_CHECKING:
    from core.importing.report import ImportReport
    from core.importing.runner import RecordKind
    from core.models import Tenant

# The import machinery (Chinese-text tables, spreadsheet readers, the database layer) is imported
# by the commands that run an import, not when ``guanxi`` starts.

app = typer.Typer(
    help="Import customers, interactions or a pack's records from CSV/XLSX.", no_args_is_help=True
)
export_app = typer.Typer(help="Export a tenant's data to CSV/XLSX.", no_args_is_help=True)

TENANT = typer.Option(..., "--tenant", help="The tenant's slug.")
DRY_RUN = typer.Option(False, "--dry-run", help="Check every row and show what would happen.")
REJECTS = typer.Option(None, "--rejects", help="Write rejected rows (line, column, reason) here.")
AS_JSON = typer.Option(False, "--json", help="Print the summary as JSON.")
MAPPING = typer.Option([], "--mapping", help="column=field (or column=- to ignore); repeatable.")


def _run(
    kind_of: Callable[..., RecordKind],
    file: Path,
    tenant_slug: str,
    dry_run: bool,
    rejects: Path | None,
    as_json: bool,
    mapping: list[str],
) -> None:
    from core.importing.headers import parse_mapping
    from core.importing.runner import run_import

    tenant = load_tenant(tenant_slug)
    explicit = parse_mapping(mapping)
    kind = kind_of(tenant)
    _with_progress(
        kind,
        file,
        rejects,
        as_json,
        lambda progress: run_import(
            engine=engine(),
            registry=registry(),
            tenant=tenant,
            kind=kind,
            source=file,
            dry_run=dry_run,
            mapping=explicit,
            progress=progress,
        ),
    )


def _with_progress(
    kind: RecordKind, file: Path, rejects: Path | None, as_json: bool, run: Callable[..., ImportReport]
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from core.importing.report import write_rejects

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=as_json,
        disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task(f"{kind.key} ← {file.name}", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=max(done - 1, 0), total=total)

        report = run(progress)
    if rejects is not None:
        with rejects.open("w", encoding="utf-8-sig", newline="") as handle:
            write_rejects(handle, report.rejects)
    if as_json:
        print_json(report.as_dict())
    else:
        _print_summary(report)


def _print_summary(report: ImportReport) -> None:
    verb = "would be" if report.dry_run else "were"
    resumed = f" (resumed after line {report.resumed_after_line})" if report.resumed_after_line else ""
    console.print(
        f"{report.accepted} rows accepted{resumed}: {report.created} {verb} created, "
        f"{report.updated} updated, {report.unchanged} unchanged; {report.rejected} rejected"
    )
    for r in report.rejects[:20]:
        console.print(f"  line {r.line}, {r.column}: {r.reason}", highlight=False)
    if report.rejected > 20:
        console.print(f"  … {report.rejected - 20} more (use --rejects FILE or --json)")
    if report.ignored_columns:
        console.print(f"ignored columns: {', '.join(report.ignored_columns)}")


@app.command("customers")
def import_customers_command(
    file: Path,
    tenant: str = TENANT,
    dry_run: bool = DRY_RUN,
    rejects: Path | None = REJECTS,
    as_json: bool = AS_JSON,
    mapping: list[str] = MAPPING,
) -> None:
    """Import customers; rows are matched by external id, so re-running creates nothing new."""
    from core.importing.runner import CUSTOMERS

    _run(lambda _t: CUSTOMERS, file, tenant, dry_run, rejects, as_json, mapping)


@app.command("interactions")
def import_interactions_command(
    file: Path,
    tenant: str = TENANT,
    dry_run: bool = DRY_RUN,
    rejects: Path | None = REJECTS,
    as_json: bool = AS_JSON,
    mapping: list[str] = MAPPING,
) -> None:
    """Import interactions of existing customers (by the customers' external ids)."""
    from core.importing.interactions import INTERACTIONS

    _run(lambda _t: INTERACTIONS, file, tenant, dry_run, rejects, as_json, mapping)


@app.command("records")
def import_pack_records_command(
    record_type: str,
    file: Path,
    tenant: str = TENANT,
    dry_run: bool = DRY_RUN,
    rejects: Path | None = REJECTS,
    as_json: bool = AS_JSON,
    mapping: list[str] = MAPPING,
) -> None:
    """Import a record type an enabled pack declares (e.g. ``guanxi import records orders``)."""
    _run(lambda t: _tenant_kind(t, record_type), file, tenant, dry_run, rejects, as_json, mapping)


@app.command("resume")
def resume_command(
    job_id: int,
    file: Path,
    tenant: str = TENANT,
    rejects: Path | None = REJECTS,
    as_json: bool = AS_JSON,
    mapping: list[str] = MAPPING,
) -> None:
    """Continue a stopped import job after its last saved line (give it the same file)."""
    from core.importing.headers import parse_mapping
    from core.importing.packtypes import record_kind
    from core.importing.runner import run_import
    from core.importing.sources import inspect_source
    from core.importing.uploads import check_resumable, get_job
    from core.tenancy import tenant_session

    loaded = load_tenant(tenant)
    assert loaded.id is not None
    with tenant_session(engine(), loaded.id, read_only=True, registry=registry()) as session:
        job = get_job(session=session, job_id=job_id)
        kind = record_kind(session=session, tenant=loaded, key=job.record_type)
    check_resumable(job=job, info=inspect_source(file))
    explicit: Mapping[str, str] | None = parse_mapping(mapping) if mapping else job.mapping

    def run(progress: Callable[..., None]) -> ImportReport:
        return run_import(
            engine=engine(),
            registry=registry(),
            tenant=loaded,
            kind=kind,
            source=file,
            mapping=explicit,
            progress=progress,
        )

    _with_progress(kind, file, rejects, as_json, run)


def _tenant_kind(tenant: Tenant, record_type: str) -> RecordKind:
    from core.importing.packtypes import pack_kind
    from core.tenancy import tenant_session

    assert tenant.id is not None
    with tenant_session(engine(), tenant.id, read_only=True, registry=registry()) as session:
        return pack_kind(session=session, tenant=tenant, key=record_type)


@export_app.command("customers")
def export_customers_command(file: Path, tenant: str = TENANT) -> None:
    """Write the tenant's customers to a .csv or .xlsx file that imports back unchanged."""
    from core.importing.export import export_customers

    count = export_customers(engine=engine(), tenant=load_tenant(tenant), target=file)
    console.print(f"exported {count} customers to {file.name}")


@export_app.command("records")
def export_pack_records_command(record_type: str, file: Path, tenant: str = TENANT) -> None:
    """Write a pack's record type (e.g. ``retail-orders``) to a .csv or .xlsx file that imports
    back creating nothing."""
    from core.importing.export import export_records
    from core.importing.packtypes import pack_import_type
    from core.tenancy import tenant_session

    loaded = load_tenant(tenant)
    assert loaded.id is not None
    with tenant_session(engine(), loaded.id, read_only=True) as session:
        import_type = pack_import_type(session=session, tenant=loaded, key=record_type)
        count = export_records(session=session, tenant=loaded, import_type=import_type, target=file)
    console.print(f"exported {count} rows of {record_type} to {file.name}")
