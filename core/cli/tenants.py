"""``guanxi tenants``: create, list and change the edition of client firms."""

from __future__ import annotations

import typer

from core.cli.context import console, engine, print_json, registry, tenant_work

app = typer.Typer(help="Tenants (client firms) and their editions.", no_args_is_help=True)


@app.command("create")
def create(
    slug: str,
    name: str = typer.Option(..., "--name", help="The firm's name."),
    edition: str = typer.Option("basic", "--edition"),
    locale: str = typer.Option("zh_Hans", "--locale", help="en, zh_Hans or zh_Hant"),
    timezone: str = typer.Option("Asia/Shanghai", "--timezone"),
    phone_region: str = typer.Option("CN", "--phone-region"),
    currency: str = typer.Option("CNY", "--currency"),
) -> None:
    """Create a tenant, then move it to ``--edition``."""
    from core.editions import change_edition
    from core.tenancy import unit_of_work
    from core.tenants.service import create_tenant

    with unit_of_work(engine(), None) as session:
        create_tenant(
            session=session,
            slug=slug,
            name=name,
            locale=locale,
            timezone=timezone,
            phone_region=phone_region,
            currency=currency,
        )
    if edition != "basic":
        with tenant_work(slug) as (session, tenant):
            change_edition(session=session, tenant=tenant, edition=edition, actor="cli")
    console.print(f"created tenant {slug} ({edition})")


@app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json")) -> None:
    """List tenants."""
    from sqlmodel import Session

    from core.tenants.service import list_tenants

    with Session(engine()) as session:
        rows = [
            {
                "slug": t.slug,
                "name": t.name,
                "edition": t.edition,
                "locale": t.locale,
                "timezone": t.timezone,
                "phone_region": t.phone_region,
            }
            for t in list_tenants(session)
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(f"{row['slug']:<24} {row['edition']:<20} {row['name']}")


@app.command("upgrade")
def upgrade(slug: str, edition: str = typer.Option(..., "--edition")) -> None:
    """Move a tenant to another edition: applies pending migrations, enables the edition's packs
    (running their backfill); downgrading disables packs and keeps their data."""
    from core.settings import get_settings
    from core.tenants.upgrade import upgrade_tenant_edition

    change = upgrade_tenant_edition(
        url=get_settings().database_url, slug=slug, edition=edition, actor="cli", registry=registry()
    )
    console.print(
        f"{slug} is now on {change.edition}; enabled: {', '.join(change.enabled) or 'nothing new'}"
        + (f"; disabled (data kept): {', '.join(change.disabled)}" if change.disabled else "")
    )
