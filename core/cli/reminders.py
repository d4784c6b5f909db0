"""``guanxi reminders``: run a tenant's daily reminders (cron calls this once a day per tenant)."""

from __future__ import annotations

from datetime import date

import typer

from core.cli.context import console, engine, load_tenant, print_json, registry
from core.errors import InvalidInput, Problem

app = typer.Typer(help="Birthday, promotion, payment and follow-up reminders.", no_args_is_help=True)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput([Problem("--date", f"'{value}' is not a date (YYYY-MM-DD)")]) from None


@app.command("run")
def run(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    on: str | None = typer.Option(
        None, "--date", help="YYYY-MM-DD; default: today in the tenant's time zone."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Deliver every reminder due for the tenant; running it again delivers nothing twice."""
    from core.reminders.run import run_reminders

    report = run_reminders(engine=engine(), registry=registry(), tenant=load_tenant(tenant), on=_date(on))
    summary = {
        "date": report.on.isoformat(),
        "due": report.due,
        "new_inapp": report.recorded["inapp"],
        "new_email": report.recorded["email"],
        "notifications": report.notifications,
        "emails_sent": report.emails_sent,
        "email_errors": report.email_errors,
        "rule_errors": report.rule_errors,
    }
    if as_json:
        print_json(summary)
        return
    console.print(
        f"{summary['date']}: {report.due} due, {summary['new_inapp']} new in-app "
        f"({report.notifications} notifications), {report.emails_sent} e-mails sent"
    )
    for problem in [*report.email_errors, *report.rule_errors]:
        console.print(f"[yellow]warning:[/] {problem}", highlight=False)
    if report.email_errors or report.rule_errors:
        raise typer.Exit(1)
