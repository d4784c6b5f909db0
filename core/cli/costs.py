"""``guanxi costs``: record and list what winning and keeping customers cost (CAC and retention
cost on the dashboard are these costs divided by the customers gained or kept)."""

from __future__ import annotations

import typer

from core.cli.context import console, print_json, tenant_work

app = typer.Typer(help="Acquisition and retention costs.", no_args_is_help=True)


@app.command("add")
def add_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    category: str = typer.Option(..., "--for", help="acquire or retain."),
    amount: str = typer.Option(..., "--amount", help="e.g. 3000.00, in the tenant's currency."),
    on: str = typer.Option(..., "--date", help="YYYY-MM-DD: the day, or the period's first day."),
    kind: str = typer.Option("other", "--kind", help="marketing, promotion, service, gift or other."),
    customer_id: int | None = typer.Option(None, "--customer", help="A customer's id."),
    segment_id: int | None = typer.Option(None, "--segment", help="A segment's id."),
    campaign: str = typer.Option("", "--campaign"),
    note: str = typer.Option("", "--note"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Record one cost."""
    from core.costs.service import CostInput, record_cost

    data = CostInput(
        category=category,
        kind=kind,
        amount=amount,
        incurred_on=on,
        customer_id=customer_id,
        segment_id=segment_id,
        campaign=campaign,
        note=note,
    )
    with tenant_work(tenant) as (session, found):
        cost = record_cost(session=session, tenant=found, caller=None, data=data, actor="cli")
        summary = {"id": cost.id, "amount": str(cost.amount), "currency": cost.currency}
    if as_json:
        print_json(summary)
        return
    console.print(
        f"recorded cost {summary['id']}: {summary['amount']} {summary['currency']}", highlight=False
    )


@app.command("list")
def list_command(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    limit: int = typer.Option(50, "--limit", min=1, max=10000),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The tenant's recorded costs, newest first."""
    from core.costs.service import CostFilter, Installation, list_costs

    with tenant_work(tenant) as (session, _found):
        rows = [
            {
                "id": c.id,
                "date": c.incurred_on.isoformat(),
                "for": c.category,
                "kind": c.kind,
                "amount": str(c.amount),
                "currency": c.currency,
                "customer_id": c.customer_id,
                "segment_id": c.segment_id,
                "campaign": c.campaign,
                "note": c.note,
            }
            for c in list_costs(caller=Installation(session), where=CostFilter(), limit=limit)
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(
            f"{row['id']:>6}  {row['date']}  {row['for']:<8} {row['kind']:<10} "
            f"{row['amount']:>12} {row['currency']}  {row['campaign']}",
            highlight=False,
        )
