"""``guanxi activities``: list, add, complete, snooze and reassign a tenant's activities.

An operator acts for the whole tenant; ``--as EMAIL`` acts as that user instead (their record
rules apply, and they are recorded as the one who created or completed the activity).  Customers
are named by external id or by internal id (``123`` or ``#123``), users by e-mail.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from core.cli.context import console, print_json, registry, tenant_work
from core.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.activities.models import Activity
    from core.caller import Caller
    from core.models import Tenant

app = typer.Typer(help="Activities: calls, visits, e-mails, meetings and to-dos.", no_args_is_help=True)
TENANT = typer.Option(..., "--tenant", help="The tenant's slug.")
AS = typer.Option(None, "--as", help="Act as this user (e-mail); default: the operator, over every customer.")
JSON = typer.Option(False, "--json", help="Print JSON.")


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput([Problem(option, f"'{value}' is not a date (YYYY-MM-DD)")]) from None


def _user_id(session: Session, email: str, option: str) -> int:
    from sqlmodel import col, func, select

    from core.models import User

    found = session.exec(select(col(User.id)).where(func.lower(User.email) == email.strip().lower())).first()
    if found is None:
        raise InvalidInput([Problem(option, f"no user '{email}' in this tenant")])
    return int(found)


def _caller(session: Session, tenant: Tenant, as_user: str | None) -> Caller:
    from core.auth.permissions import permission_model
    from core.caller import Caller
    from core.models import User

    if as_user is None:
        return Caller(session, tenant, None, actor="operator:cli")
    user = session.get(User, _user_id(session, as_user, "--as"))
    assert user is not None
    rights = permission_model(registry()).permissions(user.role)
    return Caller(session, tenant, user, actor=f"user:{user.email}", permissions=rights)


def _row(activity: Activity) -> dict[str, Any]:
    from core.activities.schemas import ActivityOut

    return ActivityOut.of(activity).model_dump(mode="json")


def _show(activity: Activity, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(_row(activity))
    else:
        console.print(
            f"{verb} activity {activity.id}: {activity.kind} due {activity.due_on}", highlight=False
        )


@app.command("list")
def list_(
    tenant: str = TENANT,
    customer: str | None = typer.Option(None, "--customer", help="External id or #id."),
    assignee: str | None = typer.Option(None, "--assignee", help="The assignee's e-mail."),
    state: str = typer.Option("open", "--state", help="open, done or all."),
    due: str | None = typer.Option(None, "--due", help="overdue, today or upcoming."),
    limit: int = typer.Option(100, "--limit", min=1, max=500),
    as_user: str | None = AS,
    as_json: bool = JSON,
) -> None:
    """Open activities soonest first (completed ones: latest first)."""
    from core.activities.service import ActivityQuery, list_activities
    from core.cli.customers import _resolve
    from core.reminders.clock import tenant_today

    with tenant_work(tenant) as (session, t):
        query = ActivityQuery(
            customer_id=_resolve(session, customer) if customer else None,
            assignee_id=_user_id(session, assignee, "--assignee") if assignee else None,
            state=state,
            bucket=due,
        )
        found = list_activities(
            caller=_caller(session, t, as_user), query=query, today=tenant_today(t), limit=limit
        )
        rows = [_row(a) for a in found]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(
            f"{row['id']:>6}  {row['due_on']}  {row['kind']:<8} customer #{row['customer_id']}  "
            f"{row['status']}  {row['note']}",
            highlight=False,
        )
    console.print(f"{len(rows)} activities")


@app.command("add")
def add(
    tenant: str = TENANT,
    customer: str = typer.Option(..., "--customer", help="External id or #id."),
    kind: str = typer.Option("todo", "--type", help="call, visit, email, meeting or todo."),
    due: str = typer.Option(..., "--due", help="YYYY-MM-DD."),
    note: str = typer.Option("", "--note"),
    assignee: str | None = typer.Option(None, "--assignee", help="E-mail; default: --as, else the owner."),
    as_user: str | None = AS,
    as_json: bool = JSON,
) -> None:
    """Promise an activity to a customer."""
    from core.activities.service import create_activity
    from core.cli.customers import _resolve

    with tenant_work(tenant) as (session, t):
        activity = create_activity(
            caller=_caller(session, t, as_user),
            tenant=t,
            customer_id=_resolve(session, customer),
            kind=kind,
            due_on=_date(due, "--due"),
            note=note,
            assignee_id=_user_id(session, assignee, "--assignee") if assignee else None,
        )
        _show(activity, as_json, "added")


@app.command("complete")
def complete(
    activity_id: int = typer.Argument(..., help="The activity's id."),
    tenant: str = TENANT,
    outcome: str = typer.Option("", "--outcome", help="What came of it (goes on the timeline)."),
    as_user: str | None = AS,
    as_json: bool = JSON,
) -> None:
    """Mark it done; it is logged on the customer's timeline."""
    from core.activities.service import complete_activity

    with tenant_work(tenant) as (session, t):
        caller = _caller(session, t, as_user)
        activity = complete_activity(caller=caller, tenant=t, activity_id=activity_id, outcome=outcome)
        _show(activity, as_json, "completed")


@app.command("snooze")
def snooze(
    activity_id: int = typer.Argument(..., help="The activity's id."),
    tenant: str = TENANT,
    until: str = typer.Option(..., "--until", help="YYYY-MM-DD, after today."),
    as_user: str | None = AS,
    as_json: bool = JSON,
) -> None:
    """Move it to a later date; it is reminded again then."""
    from core.activities.service import snooze_activity
    from core.reminders.clock import tenant_today

    with tenant_work(tenant) as (session, t):
        activity = snooze_activity(
            caller=_caller(session, t, as_user),
            activity_id=activity_id,
            until=_date(until, "--until"),
            today=tenant_today(t),
        )
        _show(activity, as_json, "snoozed")


@app.command("reassign")
def reassign(
    activity_id: int = typer.Argument(..., help="The activity's id."),
    tenant: str = TENANT,
    to: str = typer.Option(..., "--to", help="The new assignee's e-mail."),
    as_user: str | None = AS,
    as_json: bool = JSON,
) -> None:
    """Give it to another user of the tenant who may see the customer."""
    from core.activities.service import reassign_activity

    with tenant_work(tenant) as (session, t):
        activity = reassign_activity(
            caller=_caller(session, t, as_user),
            tenant=t,
            activity_id=activity_id,
            assignee_id=_user_id(session, to, "--to"),
        )
        _show(activity, as_json, "reassigned")
