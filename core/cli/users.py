"""``guanxi users``: create people who sign in."""

from __future__ import annotations

import typer

from core.cli.context import console, engine, registry

app = typer.Typer(help="Users and their roles.", no_args_is_help=True)


@app.command("create")
def create(
    email: str,
    tenant: str | None = typer.Option(None, "--tenant", help="Tenant slug (omit for an operator)."),
    role: str = typer.Option("rep", "--role"),
    name: str | None = typer.Option(None, "--name"),
    team: str | None = typer.Option(None, "--team"),
    password: str = typer.Option(..., "--password", prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Create a user (password from --password or a prompt)."""
    from core.tenancy import unit_of_work
    from core.tenants.service import get_tenant
    from core.users.service import create_user

    with unit_of_work(engine(), None, registry=registry()) as session:
        owner = get_tenant(session, tenant) if tenant else None
        user = create_user(
            session=session,
            tenant=owner,
            email=email,
            password=password,
            role=role,
            display_name=name,
            team=team,
        )
    console.print(f"created {user.role} {user.email}" + (f" in {tenant}" if tenant else ""))
