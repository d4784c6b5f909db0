"""``guanxi db``: schema migrations for core and every installed pack."""

from __future__ import annotations

import typer

from core.cli.context import console, err_console, registry

app = typer.Typer(help="Database schema: upgrade core and every installed pack.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Upgrade core's branch and each installed pack's branch to its head (one transaction)."""
    from core.migrate import upgrade
    from core.settings import get_settings

    packs = registry()
    for problem in packs.problems:
        err_console.print(f"[yellow]skipped pack[/] {problem}")
    report = upgrade(get_settings().database_url, packs)
    moved = sorted(report.after - report.before)
    console.print(
        "database is up to date"
        + (f"; branches now at {', '.join(moved)}" if moved else "; nothing to apply")
    )
    if report.missing_revisions:
        err_console.print(
            "[yellow]packs not loaded[/]: revisions "
            f"{', '.join(report.missing_revisions)} belong to packs that are not installed or failed "
            "to load; their tables and rows were left untouched (install or fix the pack to bring "
            "them back)"
        )
