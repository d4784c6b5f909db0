"""``guanxi collections``: record plans and payments, print the ageing table (for scripts and cron).

An operator acts for the whole tenant, so no record rule narrows what these commands see.
Amounts are read as decimal text, never as floats.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import typer

from core.cli.context import console, print_json, tenant_work
from core.errors import InvalidInput, Problem

app = typer.Typer(help="Payment collection: plans, payments and ageing.", no_args_is_help=True)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput([Problem(option, f"'{value}' is not a date (YYYY-MM-DD)")]) from None


def _amount(value: str, option: str) -> Decimal:
    try:
        return Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise InvalidInput([Problem(option, f"'{value}' is not an amount")]) from None


@app.command("plan")
def plan(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    customer: int = typer.Option(..., "--customer", help="The customer's id."),
    title: str = typer.Option(..., "--title"),
    instalment: list[str] = typer.Option(
        ..., "--instalment", help="AMOUNT@YYYY-MM-DD; repeat per instalment."
    ),
    currency: str | None = typer.Option(None, "--currency", help="Default: the tenant's currency."),
    reference: str | None = typer.Option(None, "--reference", help="Order, deal or contract number."),
) -> None:
    """Record a collection plan for a customer."""
    from core.collections.service import InstalmentInput, create_plan
    from core.customers.service import get_customer

    items = []
    for text in instalment:
        amount, _, due = text.partition("@")
        parsed = _date(due or None, "--instalment")
        if parsed is None:
            raise InvalidInput([Problem("--instalment", f"'{text}' is not AMOUNT@YYYY-MM-DD")])
        items.append(InstalmentInput(_amount(amount, "--instalment"), parsed))
    with tenant_work(tenant) as (session, found):
        get_customer(session=session, customer_id=customer)
        made = create_plan(
            session=session,
            tenant=found,
            customer_id=customer,
            title=title,
            currency=currency,
            instalments=items,
            reference_id=reference,
        )
        console.print(f"plan {made.id}: {len(items)} instalment(s) in {made.currency}")


@app.command("pay")
def pay(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    plan_id: int = typer.Option(..., "--plan", help="The plan's id."),
    amount: str = typer.Option(..., "--amount", help="e.g. 1000.00"),
    instalment: int | None = typer.Option(None, "--instalment", help="Default: earliest open first."),
    on: str | None = typer.Option(None, "--date", help="YYYY-MM-DD; default: today for the tenant."),
    method: str | None = typer.Option(None, "--method"),
    reference: str | None = typer.Option(None, "--reference"),
) -> None:
    """Record money received on a plan; more than is open is refused."""
    from sqlalchemy import true

    from core.collections.service import get_plan, record_payment
    from core.reminders.clock import tenant_today

    with tenant_work(tenant) as (session, found):
        chosen = get_plan(session=session, plan_id=plan_id, visible=true())
        payments = record_payment(
            session=session,
            plan=chosen,
            amount=_amount(amount, "--amount"),
            paid_on=_date(on, "--date") or tenant_today(found),
            instalment_id=instalment,
            method=method,
            reference=reference,
        )
        for payment in payments:
            console.print(f"paid {payment.amount} {payment.currency} on instalment {payment.instalment_id}")


@app.command("ageing")
def ageing_table(
    tenant: str = typer.Option(..., "--tenant", help="The tenant's slug."),
    owner: int | None = typer.Option(None, "--owner", help="Only this owner's customers (user id)."),
    on: str | None = typer.Option(None, "--date", help="YYYY-MM-DD; default: today for the tenant."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Open amounts by days past due, per currency."""
    from sqlalchemy import true

    from core.collections.ageing import ageing
    from core.reminders.clock import tenant_today

    with tenant_work(tenant) as (session, found):
        today = _date(on, "--date") or tenant_today(found)
        table = ageing(session=session, visible=true(), today=today, owner_id=owner)
    if as_json:
        print_json(
            {
                "date": today.isoformat(),
                "ageing": {c: {k: str(v) for k, v in b.items()} for c, b in table.items()},
            }
        )
        return
    if not table:
        console.print(f"{today}: nothing is open")
    for currency, buckets in table.items():
        cells = "  ".join(f"{key}={value}" for key, value in buckets.items())
        console.print(f"{today} {currency}: {cells}", highlight=False)
