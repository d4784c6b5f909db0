"""``guanxi import`` and ``guanxi export``: customer lists (and interactions, and packs' record
types) in and out of a tenant, with a progress bar for people and ``--json`` for scripts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.cli.context import console, engine, err_console, load_tenant, print_json
from core.importing.headers import parse_mapping
from core.importing.report import ImportReport, write_rejects
from core.importing.runner import CUSTOMERS, RecordKind, run_import

app = typer.Typer(help="Import customers, interactions or a pack's records from CSV/XLSX.",
                  no_args_is_help=True)
export_app = typer.Typer(help="Export a tenant's data to CSV/XLSX.", no_args_is_help=True)

TENANT = typer.Option(..., "--tenant", help="The tenant's slug.")
DRY_RUN = typer.Option(False, "--dry-run", help="Check every row and show what would happen.")
REJECTS = typer.Option(None, "--rejects", help="Write rejected rows (line, column, reason) here.")
AS_JSON = typer.Option(False, "--json", help="Print the summary as JSON.")
MAPPING = typer.Option([], "--mapping", help="column=field (or column=- to ignore); repeatable.")


def _run(kind_of: Callable[..., RecordKind], file: Path, tenant_slug: str, dry_run: bool,
         rejects: Path | None, as_json: bool, mapping: list[str]) -> None:
    tenant = load_tenant(tenant_slug)
    explicit = parse_mapping(mapping)
    kind = kind_of(tenant)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=as_json,
                  disable=not err_console.is_terminal) as bar:
        task = bar.add_task(f"{kind.key} ← {file.name}", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=max(done - 1, 0), total=total)

        report = run_import(engine=engine(), tenant=tenant, kind=kind, source=file,
                            dry_run=dry_run, mapping=explicit, progress=progress)
    if rejects is not None:
        _write_rejects(report, rejects)
    if as_json:
        print_json(report.as_dict())
    else:
        _print_summary(report)


def _write_rejects(report: ImportReport, target: Path) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        write_rejects(handle, report.rejects)


def _print_summary(report: ImportReport) -> None:
    verb = "would be" if report.dry_run else "were"
    resumed = (f" (resumed after line {report.resumed_after_line})"
               if report.resumed_after_line else "")
    console.print(
        f"{report.accepted} rows accepted{resumed}: {report.created} {verb} created, "
        f"{report.updated} updated, {report.unchanged} unchanged; {report.rejected} rejected")
    for r in report.rejects[:20]:
        console.print(f"  line {r.line}, {r.column}: {r.reason}", highlight=False)
    if report.rejected > 20:
        console.print(f"  … {report.rejected - 20} more (use --rejects FILE or --json)")
    if report.ignored_columns:
        console.print(f"ignored columns: {', '.join(report.ignored_columns)}")


@app.command("customers")
def import_customers_command(file: Path, tenant: str = TENANT, dry_run: bool = DRY_RUN,
                             rejects: Path | None = REJECTS, as_json: bool = AS_JSON,
                             mapping: list[str] = MAPPING) -> None:
    """Import customers; rows are matched by external id, so re-running creates nothing new."""
    _run(lambda _t: CUSTOMERS, file, tenant, dry_run, rejects, as_json, mapping)


@app.command("interactions")
def import_interactions_command(file: Path, tenant: str = TENANT, dry_run: bool = DRY_RUN,
                                rejects: Path | None = REJECTS, as_json: bool = AS_JSON,
                                mapping: list[str] = MAPPING) -> None:
    """Import interactions of existing customers (by the customers' external ids)."""
    from core.importing.interactions import INTERACTIONS

    _run(lambda _t: INTERACTIONS, file, tenant, dry_run, rejects, as_json, mapping)


@app.command("records")
def import_pack_records_command(record_type: str, file: Path, tenant: str = TENANT,
                                dry_run: bool = DRY_RUN, rejects: Path | None = REJECTS,
                                as_json: bool = AS_JSON, mapping: list[str] = MAPPING) -> None:
    """Import a record type an enabled pack declares (e.g. ``guanxi import records orders``)."""
    from core.importing.packtypes import pack_kind
    from core.tenancy import tenant_session

    def kind_of(t: object) -> RecordKind:
        with tenant_session(engine(), t.id, read_only=True) as session:  # type: ignore[attr-defined]
            return pack_kind(session=session, tenant=t, key=record_type)  # type: ignore[arg-type]

    _run(kind_of, file, tenant, dry_run, rejects, as_json, mapping)


@export_app.command("customers")
def export_customers_command(file: Path, tenant: str = TENANT) -> None:
    """Write the tenant's customers to a .csv or .xlsx file that imports back unchanged."""
    from core.importing.export import export_customers

    count = export_customers(engine=engine(), tenant=load_tenant(tenant), target=file)
    console.print(f"exported {count} customers to {file.name}")
