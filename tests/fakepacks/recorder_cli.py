"""The recorder pack's CLI: one command that only acts for tenants that enabled the pack."""

from __future__ import annotations

import typer
from sqlmodel import func, select

from sdk import Customer
from sdk.cli import tenant_work

app = typer.Typer(no_args_is_help=True)


@app.command("count")
def count(tenant: str = typer.Option(..., "--tenant")) -> None:
    """Print how many customers the tenant has."""
    with tenant_work(tenant, pack="recorder") as (session, _owner):
        print(session.exec(select(func.count()).select_from(Customer)).one())
