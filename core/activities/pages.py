"""Activity pages: "my activities" (overdue, today, upcoming) and the forms of the customer page's
activities section (create, complete, snooze, reassign).

Forms post plainly and answer with a redirect back to the page they came from, so they work on any
phone browser without JavaScript; a refused input re-renders that page with the reason beside the
form.  The record rules and permissions are the API's: the service applies them to both.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import col, select
from starlette.datastructures import FormData

from core.activities.schemas import ActivityCreate, ActivitySnooze
from core.activities.service import (
    OVERDUE,
    TODAY,
    UPCOMING,
    ActivityQuery,
    complete_activity,
    count_open,
    create_activity,
    get_activity,
    list_activities,
    reassign_activity,
    snooze_activity,
)
from core.auth.permissions import permission_model
from core.customers.access import may_see_customer
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.models import Customer, User
from core.reminders.clock import tenant_today
from core.web.context import Page, PageContext, WebError

router = APIRouter()
#: How many open activities of each kind of date "my activities" shows.
PAGE_SIZE = 100
#: The ``back`` field of a form on "my activities" (anything else returns to the customer page).
MINE = "mine"


def _(message: str) -> str:
    """Marks a msgid for extraction; it is translated when shown."""
    return message


KIND_LABELS = {
    "call": _("Call"),
    "visit": _("Visit"),
    "email": _("Email"),
    "meeting": _("Meeting"),
    "todo": _("To-do"),
}
_REASONS = {
    "kind": _("choose a kind"),
    "due_on": _("not a valid date"),
    "until": _("choose a date after today"),
    "assignee_id": _("choose someone who may see this customer"),
    "note": _("too long"),
    "outcome": _("too long"),
}


def assignable_users(page: Page, customer: Customer) -> list[User]:
    """Active users of the tenant who may see ``customer``: who an activity can be given to."""
    model = permission_model(page.registry)
    users = page.session.exec(
        select(User).where(col(User.active).is_(True)).order_by(col(User.display_name), col(User.id))
    ).all()
    return [u for u in users if may_see_customer(u, model.permissions(u.role), customer)]


def customer_section(
    page: Page, customer: Customer, errors: dict[str, Any] | None = None, values: dict[str, str] | None = None
) -> dict[str, Any]:
    """The customer page's activities section: open ones soonest first, and the create form."""
    assert customer.id is not None
    today = tenant_today(page.tenant)
    open_ones = list_activities(caller=page, query=ActivityQuery(customer_id=customer.id), today=today)
    users = assignable_users(page, customer) if page.can("activities:write") else []
    names = user_names(page, {a.user_id for a in open_ones} | {u.id for u in users})
    return {
        "activities": open_ones,
        "activity_today": today,
        "activity_users": users,
        "activity_names": names,
        "activity_kinds": KIND_LABELS,
        "activity_errors": errors or {},
        "activity_values": values or {"kind": "call", "due_on": today.isoformat()},
    }


def user_names(page: Page, ids: set[int | None]) -> dict[int, str]:
    wanted = sorted(i for i in ids if i is not None)
    if not wanted:
        return {}
    rows = page.session.exec(select(col(User.id), col(User.display_name)).where(col(User.id).in_(wanted)))
    return {uid: name for uid, name in rows if uid is not None}


def _mine(page: Page, errors: dict[str, str] | None = None, status: int = 200) -> Response:
    today = tenant_today(page.tenant)
    buckets = {
        name: list_activities(
            caller=page,
            query=ActivityQuery(assignee_id=page.user.id, bucket=name),
            today=today,
            limit=PAGE_SIZE,
        )
        for name in (OVERDUE, TODAY, UPCOMING)
    }
    ids = {a.customer_id for found in buckets.values() for a in found}
    names = select(col(Customer.id), col(Customer.name)).where(col(Customer.id).in_(sorted(ids)))
    customers = dict(page.session.exec(names).all()) if ids else {}
    return page.render(
        "activities/mine.html",
        status_code=status,
        buckets=buckets,
        counts=count_open(caller=page, assignee_id=page.user.id or 0, today=today),
        customers=customers,
        today=today,
        activity_kinds=KIND_LABELS,
        activity_errors=errors or {},
    )


@router.get("/activities")
def my_activities(page: PageContext) -> Response:
    page.require("activities:read")
    return _mine(page)


def _back(form: FormData, customer_id: int) -> str:
    """Back to the page the form was on: "my activities" or the customer's activities section."""
    return "/activities" if str(form.get("back", "")) == MINE else f"/customers/{customer_id}#activities"


def _refused(page: Page, form: FormData, key: str, exc: InvalidInput, customer_id: int) -> Response:
    """The page the form came from again, with the reason beside the form that was refused."""
    page.session.rollback()
    problem = exc.problems[0]
    message = page.gettext(_REASONS.get(problem.field, problem.reason))
    if str(form.get("back", "")) == MINE:
        return _mine(page, {key: message}, status=422)
    from core.customers.detail_page import render_customer  # it imports this module

    return render_customer(page, customer_id, activity_errors={key: message}, status=422)


def _form_problems(exc: ValidationError) -> InvalidInput:
    return InvalidInput([Problem(str(err["loc"][0]), err["msg"]) for err in exc.errors()])


@router.post("/customers/{customer_id}/activities")
async def create_from_page(request: Request, page: PageContext, customer_id: int) -> Response:
    page.require("activities:write")
    form = await request.form()
    raw = {name: str(form.get(name, "")).strip() for name in ("kind", "due_on", "note", "assignee_id")}
    data: dict[str, Any] = {"customer_id": customer_id, **{k: v for k, v in raw.items() if v}}
    try:
        try:
            body = ActivityCreate.model_validate(data)
        except ValidationError as exc:
            raise _form_problems(exc) from None
        create_activity(caller=page, tenant=page.tenant, **body.model_dump())
        page.session.flush()
    except NotFound as exc:
        raise WebError(404) from exc
    except InvalidInput as exc:
        page.session.rollback()
        from core.customers.detail_page import render_customer  # it imports this module

        errors = {p.field: [page.gettext(_REASONS.get(p.field, p.reason))] for p in exc.problems}
        return render_customer(page, customer_id, activity_errors=errors, activity_values=raw, status=422)
    return RedirectResponse(f"/customers/{customer_id}#activities", status_code=303)


async def _act(request: Request, page: PageContext, activity_id: int, action: str) -> Response:
    page.require("activities:write")
    form = await request.form()
    try:
        activity = get_activity(caller=page, activity_id=activity_id)
    except NotFound as exc:
        raise WebError(404) from exc
    customer_id = activity.customer_id
    try:
        if action == "complete":
            complete_activity(
                caller=page, tenant=page.tenant, activity_id=activity_id, outcome=str(form.get("outcome", ""))
            )
        elif action == "snooze":
            try:
                until: date = ActivitySnooze.model_validate({"until": str(form.get("until", ""))}).until
            except ValidationError as exc:
                raise _form_problems(exc) from None
            snooze_activity(
                caller=page, activity_id=activity_id, until=until, today=tenant_today(page.tenant)
            )
        else:
            assignee = str(form.get("assignee_id", ""))
            if not assignee.isdigit():
                raise InvalidInput([Problem("assignee_id", "choose someone who may see this customer")])
            reassign_activity(
                caller=page, tenant=page.tenant, activity_id=activity_id, assignee_id=int(assignee)
            )
        page.session.flush()
    except InvalidInput as exc:
        return _refused(page, form, f"{action}-{activity_id}", exc, customer_id)
    except Conflict:
        # completed meanwhile (another tab, a colleague): the page shows how things stand now
        page.session.rollback()
    return RedirectResponse(_back(form, customer_id), status_code=303)


@router.post("/activities/{activity_id}/complete")
async def complete_from_page(request: Request, page: PageContext, activity_id: int) -> Response:
    return await _act(request, page, activity_id, "complete")


@router.post("/activities/{activity_id}/snooze")
async def snooze_from_page(request: Request, page: PageContext, activity_id: int) -> Response:
    return await _act(request, page, activity_id, "snooze")


@router.post("/activities/{activity_id}/reassign")
async def reassign_from_page(request: Request, page: PageContext, activity_id: int) -> Response:
    return await _act(request, page, activity_id, "reassign")
