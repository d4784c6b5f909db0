"""``guanxi jobs``: run due jobs from cron, and list runs (failed ones with their error)."""

from __future__ import annotations

import typer

from core.cli.context import console, engine, load_tenant, print_json, registry

app = typer.Typer(help="Scheduled and queued jobs: run what is due, list runs.", no_args_is_help=True)


@app.command("run-due")
def run_due_command(as_json: bool = typer.Option(False, "--json")) -> None:
    """Run every due job once (for cron; ``guanxi serve`` does this by itself).

    Takes the same lease as the serving processes, so it does nothing while one of them is at it.
    """
    from core.jobs.lease import new_holder, release_lease
    from core.jobs.registry import job_catalog
    from core.jobs.runner import run_due
    from core.types import utcnow

    holder = new_holder("cli")
    report = run_due(engine(), job_catalog(registry()), now=utcnow(), holder=holder)
    if report.held:
        release_lease(engine(), holder=holder)
    summary = {
        "ran": report.held,
        "enqueued": report.enqueued,
        "succeeded": len(report.succeeded),
        "retrying": len(report.retrying),
        "failed": len(report.failed),
    }
    if as_json:
        print_json(summary)
        return
    if not report.held:
        console.print("another process is running due jobs; nothing done")
        return
    console.print(
        f"{report.enqueued} enqueued, {summary['succeeded']} succeeded, "
        f"{summary['retrying']} to retry, {summary['failed']} failed"
    )
    if report.failed:
        raise typer.Exit(1)


@app.command("list")
def list_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    status: str | None = typer.Option(
        None, "--status", help="queued, running, succeeded, retrying or failed."
    ),
    limit: int = typer.Option(50, "--limit", min=1, max=1000),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The tenant's job runs, newest first."""
    from sqlmodel import Session

    from core.jobs.models import JobRunOut
    from core.jobs.service import list_runs

    found = load_tenant(tenant)
    assert found.id is not None
    with Session(engine()) as session:
        runs = [
            JobRunOut.model_validate(run)
            for run in list_runs(session=session, tenant_id=found.id, status=status, limit=limit)
        ]
    if as_json:
        print_json([run.model_dump(mode="json") for run in runs])
        return
    for run in runs:
        tries = f"{run.attempts}/{run.max_attempts}"
        line = f"{run.id}\t{run.name}\t{run.status}\t{tries}\t{run.created_at:%Y-%m-%d %H:%M}"
        console.print(line + (f"\t{run.error}" if run.error else ""), highlight=False)
