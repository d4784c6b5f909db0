"""``guanxi plugins``: what is installed, what each tenant enabled, and explicit purges."""

from __future__ import annotations

from typing import Any

import typer

from core.cli.context import console, engine, err_console, print_json, registry, tenant_work
from core.sdkdev.cli import check_command, new_command
from core.sdkdev.i18n_cli import app as i18n_app

app = typer.Typer(
    help="Vertical packs: list, enable per tenant, purge; new and check for authors.", no_args_is_help=True
)
app.command("new")(new_command)
app.command("check")(check_command)
app.add_typer(i18n_app, name="i18n")


def _enabled_somewhere() -> set[str]:
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import Session, select

    from core.models import TenantPack

    try:
        with Session(engine()) as session:
            return set(session.exec(select(TenantPack.pack).where(TenantPack.enabled)).all())
    except SQLAlchemyError:
        return set()  # no database yet: nothing can be missing


def installed_and_missing() -> list[dict[str, Any]]:
    """Loaded packs with the hooks each implements, then packs that failed or that ``GUANXI_PACKS``
    left out (``blocked``), then packs tenants enabled that are not installed."""
    packs = registry()
    rows: list[dict[str, Any]] = [
        {
            "name": p.name,
            "title": p.info.title,
            "version": p.version,
            "status": "installed",
            "distribution": p.distribution,
            "core_api": p.info.core_api,
            "depends": dict(p.info.depends),
            "hooks": packs.implemented_hooks(p.name),
        }
        for p in packs.packs.values()
    ]
    failed = {problem.pack for problem in packs.problems}
    rows += [
        {"name": problem.pack, "status": problem.kind, "problem": problem.message}
        for problem in packs.problems
    ]
    for name in sorted(_enabled_somewhere() - set(packs.packs) - failed):
        rows.append(
            {
                "name": name,
                "status": "missing",
                "problem": "enabled by a tenant but not installed; its data is kept",
            }
        )
    return rows


@app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json")) -> None:
    """List installed packs and the hooks each implements, packs that failed to load or were left
    out by GUANXI_PACKS, and packs that are missing."""
    rows = installed_and_missing()
    if as_json:
        print_json(rows)
        return
    for row in rows:
        detail = row.get("version") or row.get("problem", "")
        console.print(f"{row['name']:<20} {row['status']:<10} {detail}")
        if row.get("hooks"):
            console.print(f"{'':<20} hooks: {', '.join(row['hooks'])}")


@app.command("enable")
def enable(pack: str, tenant: str = typer.Option(..., "--tenant")) -> None:
    """Enable a pack (and what it depends on) for a tenant; runs its backfill."""
    from core.packs.state import enable_pack

    with tenant_work(tenant) as (session, owner):
        newly = enable_pack(session=session, tenant=owner, pack=pack, actor="cli")
    console.print(f"enabled for {tenant}: {', '.join(newly) or 'already enabled'}")


@app.command("disable")
def disable(pack: str, tenant: str = typer.Option(..., "--tenant")) -> None:
    """Disable a pack for a tenant; its data is kept and comes back when re-enabled."""
    from core.packs.state import disable_pack

    with tenant_work(tenant) as (session, owner):
        disable_pack(session=session, tenant=owner, pack=pack)
    console.print(f"disabled {pack} for {tenant} (data kept)")


@app.command("status")
def status(
    tenant: str = typer.Option(..., "--tenant"), as_json: bool = typer.Option(False, "--json")
) -> None:
    """Which packs the tenant has enabled, disabled, or enabled but not installed."""
    from core.packs.state import pack_states

    packs = registry()
    with tenant_work(tenant) as (session, owner):
        states = pack_states(session, owner)
    rows = []
    for name in sorted(set(packs.packs) | set(states)):
        state = states.get(name)
        if name not in packs.packs:
            label = "missing"
        elif state is None:
            label = "available"
        else:
            label = "enabled" if state.enabled else "disabled"
        rows.append(
            {
                "name": name,
                "status": label,
                "since": state.enabled_at.isoformat() if state and state.enabled_at else None,
            }
        )
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(f"{row['name']:<20} {row['status']}")


@app.command("purge")
def purge(
    pack: str,
    tenant: str = typer.Option(..., "--tenant"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete a pack's data for one tenant, after showing what would be deleted."""
    from core.packs.purge import purge_impact, purge_pack_data

    with tenant_work(tenant) as (session, owner):
        impact = purge_impact(session=session, tenant=owner, pack=pack)
    total = sum(t.rows for t in impact)
    for table in impact:
        console.print(f"  {table.table:<40} {table.rows} row(s)")
    if not yes and not typer.confirm(f"Delete these {total} row(s) of {pack} for {tenant}?"):
        err_console.print("nothing deleted")
        raise typer.Exit(1)
    with tenant_work(tenant) as (session, owner):
        purge_pack_data(session=session, tenant=owner, pack=pack)
    console.print(f"purged {total} row(s) of {pack} for {tenant}")
