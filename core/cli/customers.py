"""``guanxi customers``: find duplicate customers and merge them."""

from __future__ import annotations

import typer

from core.cli.context import console, print_json, tenant_work
from core.errors import NotFound

app = typer.Typer(help="Customers: duplicates and merges.", no_args_is_help=True)


@app.command("dedupe")
def dedupe(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    as_json: bool = typer.Option(False, "--json", help="Print clusters as JSON."),
    fuzzy: bool = typer.Option(True, "--fuzzy/--no-fuzzy", help="Also suggest possible duplicates."),
) -> None:
    """List certain duplicate clusters (with reasons), then possible duplicates to review."""
    from core.dedupe.service import find_duplicates

    with tenant_work(tenant) as (session, t):
        report = find_duplicates(session=session, tenant=t, fuzzy=fuzzy)
    if as_json:
        print_json(report.as_dict())
        return
    console.print(
        f"{len(report.certain)} certain clusters; {report.customers} customers would "
        f"become {report.customers_after_merging} after merging them"
    )
    for cluster in report.certain:
        console.print(f"  {' '.join(cluster.labels)}  ({'; '.join(cluster.reasons)})", highlight=False)
    console.print(f"{len(report.possible)} possible duplicates to review")
    for pair in report.possible:
        console.print(
            f"  {pair.a.label} {pair.a.name} ~ {pair.b.label} {pair.b.name}  "
            f"{pair.score:.0f}% ({', '.join(pair.reasons)})",
            highlight=False,
        )


def _resolve(session: object, ref: str) -> int:
    """A customer by external id, or by internal id written as a number or ``#123``."""
    from sqlalchemy import select
    from sqlmodel import col

    from core.models import Customer

    found = session.scalars(  # type: ignore[attr-defined]
        select(col(Customer.id)).where(col(Customer.external_id) == ref, col(Customer.deleted_at).is_(None))
    ).first()
    if found is not None:
        return int(found)
    if ref.lstrip("#").isdigit():
        return int(ref.lstrip("#"))
    raise NotFound(f"customer '{ref}' not found (or already merged)")


@app.command("merge")
def merge(
    survivor: str = typer.Argument(..., help="External id (or #id) of the one to keep."),
    duplicate: str = typer.Argument(..., help="External id (or #id) of the duplicate."),
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
) -> None:
    """Merge a duplicate into the survivor, keeping every interaction and pack record."""
    from core.customers.service import merge_customers

    with tenant_work(tenant) as (session, t):
        kept = merge_customers(
            session=session,
            tenant=t,
            survivor_id=_resolve(session, survivor),
            duplicate_id=_resolve(session, duplicate),
        )
        label = kept.external_id or f"#{kept.id}"
    console.print(f"merged {duplicate} into {label}")
