"""Collections pages: the ageing page per owner, a plan with its payments, a new plan.

A rep sees the collections of customers they may see (``visible_to``); a manager chooses whose
customers to look at.  Forms write through the same services as the API; a refusal re-renders
the form with the reason beside the field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlmodel import col

from core.collections.ageing import ageing, open_instalments
from core.collections.models import CollectionInstalment, CollectionPlan
from core.collections.present import plans_out
from core.collections.service import (
    InstalmentInput,
    OverPayment,
    create_plan,
    get_plan,
    list_plans,
    record_payment,
    write_off,
)
from core.collections.status import BUCKETS
from core.customers.access import require_visible_customer, visible_to
from core.errors import Conflict, InvalidInput, NotFound, Problem
from core.models import User
from core.reminders.clock import tenant_today
from core.web.context import Page, PageContext, WebError
from core.web.forms import field_errors

router = APIRouter()
ROWS = 6


def _(message: str) -> str:
    """Marks a msgid for extraction; pages translate it when rendered."""
    return message


#: Bucket titles, as msgids.
BUCKET_TITLES = {
    "current": _("Not yet due"),
    "1_30": _("1–30 days"),
    "31_60": _("31–60 days"),
    "61_90": _("61–90 days"),
    "90_plus": _("Over 90 days"),
}
STATUS_TITLES = {
    "due": _("Due"),
    "partly_paid": _("Partly paid"),
    "paid": _("Paid"),
    "overdue": _("Overdue"),
    "written_off": _("Written off"),
}
OVER_PAYMENT = _("More than is still open: %(open)s")
WHY_WRITE_OFF = _("Say why the money will not be collected.")


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= 2_147_483_647 else None


def _plan(page: Page, plan_id: int) -> CollectionPlan:
    try:
        return get_plan(
            session=page.session, plan_id=plan_id, visible=visible_to(page, CollectionPlan.customer_id)
        )
    except NotFound:
        raise WebError(404) from None


@router.get("/collections")
def collections_page(page: PageContext, owner_id: str | None = None, bucket: str | None = None) -> Response:
    page.require("collections:read")
    today = tenant_today(page.tenant)
    sees_all = page.can("customers:all")
    owner = _int(owner_id) if owner_id else (None if sees_all else page.user.id)
    if bucket not in BUCKET_TITLES:
        bucket = None
    visible = visible_to(page, CollectionInstalment.customer_id)
    owners = (
        page.session.execute(
            select(col(User.id), col(User.display_name))
            .where(col(User.active))
            .order_by(col(User.display_name))
        ).all()
        if sees_all
        else []
    )
    return page.render(
        "collections/ageing.html",
        today=today,
        table=ageing(session=page.session, visible=visible, today=today, owner_id=owner),
        items=open_instalments(
            session=page.session, visible=visible, today=today, owner_id=owner, bucket=bucket
        ),
        buckets=[key for key, _upper in BUCKETS],
        bucket_titles=BUCKET_TITLES,
        owners=owners,
        owner_id=owner,
        bucket=bucket,
    )


def _plan_page(
    page: Page,
    plan: CollectionPlan,
    errors: dict | None = None,
    values: dict | None = None,
    status: int = 200,
) -> Response:
    [out] = plans_out(session=page.session, plans=[plan], today=tenant_today(page.tenant), with_payments=True)
    customer = require_visible_customer(page, plan.customer_id, include_deleted=True)
    return page.render(
        "collections/plan.html",
        plan=out,
        customer=customer,
        status_titles=STATUS_TITLES,
        bucket_titles=BUCKET_TITLES,
        errors=errors or {},
        values=values or {"paid_on": tenant_today(page.tenant).isoformat()},
        status_code=status,
    )


@router.get("/collections/plans/{plan_id}")
def plan_page(page: PageContext, plan_id: int) -> Response:
    page.require("collections:read")
    return _plan_page(page, _plan(page, plan_id))


def _decimal(text: str, field: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise InvalidInput([Problem(field, "must be an amount of money")]) from None


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput([Problem(field, "must be a date")]) from None


@router.post("/collections/plans/{plan_id}/payments")
async def pay_page(request: Request, page: PageContext, plan_id: int) -> Response:
    page.require("collections:write")
    plan = _plan(page, plan_id)
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("amount", "paid_on", "instalment_id", "method", "reference")}
    try:
        with page.session.begin_nested():
            record_payment(
                session=page.session,
                plan=plan,
                amount=_decimal(values["amount"], "amount"),
                paid_on=_date(values["paid_on"], "paid_on")
                if values["paid_on"]
                else tenant_today(page.tenant),
                instalment_id=_int(values["instalment_id"]) if values["instalment_id"] else None,
                method=values["method"][:32] or None,
                reference=values["reference"][:64] or None,
                user_id=page.user.id,
            )
    except OverPayment as exc:
        still_open = f"{exc.still_open} {exc.currency}"
        return _plan_page(page, plan, {"amount": [page.gettext(OVER_PAYMENT, open=still_open)]}, values, 422)
    except InvalidInput as exc:
        return _plan_page(page, plan, field_errors(exc, page.gettext), values, status=422)
    except Conflict as exc:
        return _plan_page(page, plan, {"_form": [str(exc)]}, values, status=409)
    return RedirectResponse(f"/collections/plans/{plan_id}", status_code=303)


@router.post("/collections/plans/{plan_id}/instalments/{instalment_id}/write-off")
async def write_off_page(request: Request, page: PageContext, plan_id: int, instalment_id: int) -> Response:
    page.require("collections:manage")
    plan = _plan(page, plan_id)
    form = await request.form()
    try:
        with page.session.begin_nested():
            write_off(
                session=page.session,
                plan=plan,
                instalment_id=instalment_id,
                reason=str(form.get("reason", "")),
            )
    except NotFound:
        raise WebError(404) from None
    except InvalidInput:
        errors = {"reason": [page.gettext(WHY_WRITE_OFF)]}
        return _plan_page(page, plan, errors, status=422)
    except Conflict as exc:
        return _plan_page(page, plan, {"_form": [str(exc)]}, status=409)
    return RedirectResponse(f"/collections/plans/{plan_id}", status_code=303)


def _new_form(page: Page, customer: Any, values: dict[str, str], errors: dict, status: int = 200) -> Response:
    return page.render(
        "collections/new.html", customer=customer, values=values, errors=errors, rows=ROWS, status_code=status
    )


@router.get("/customers/{customer_id}/collections/new")
def new_plan_form(page: PageContext, customer_id: int) -> Response:
    page.require("collections:write")
    try:
        customer = require_visible_customer(page, customer_id)
    except NotFound:
        raise WebError(404) from None
    return _new_form(page, customer, {"currency": page.tenant.currency}, {})


@router.post("/customers/{customer_id}/collections/new")
async def create_plan_page(request: Request, page: PageContext, customer_id: int) -> Response:
    page.require("collections:write")
    try:
        customer = require_visible_customer(page, customer_id)
    except NotFound:
        raise WebError(404) from None
    form = await request.form()
    values = {str(k): str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        instalments = []
        for n in range(ROWS):
            amount, due = values.get(f"amount_{n}", "").strip(), values.get(f"due_on_{n}", "").strip()
            if not amount and not due:
                continue
            instalments.append(InstalmentInput(_decimal(amount, "instalments"), _date(due, "instalments")))
        with page.session.begin_nested():
            plan = create_plan(
                session=page.session,
                tenant=page.tenant,
                customer_id=customer_id,
                title=values.get("title", ""),
                currency=values.get("currency") or None,
                instalments=instalments,
                reference_pack=values.get("reference_pack", "")[:64] or None,
                reference_type=values.get("reference_type", "")[:32] or None,
                reference_id=values.get("reference_id", "")[:64] or None,
                note=values.get("note", "")[:500],
                remind_customer=values.get("remind_customer") == "on",
                user_id=page.user.id,
            )
    except InvalidInput as exc:
        return _new_form(page, customer, values, field_errors(exc, page.gettext), status=422)
    return RedirectResponse(f"/collections/plans/{plan.id}", status_code=303)


@router.get("/collections/customers/{customer_id}")
def customer_plans_page(page: PageContext, customer_id: int) -> Response:
    """Every plan of one customer, newest first."""
    page.require("collections:read")
    try:
        customer = require_visible_customer(page, customer_id)
    except NotFound:
        raise WebError(404) from None
    plans = list_plans(
        session=page.session,
        visible=visible_to(page, CollectionPlan.customer_id),
        customer_id=customer_id,
        limit=200,
    )
    return page.render(
        "collections/plans.html",
        customer=customer,
        plans=plans_out(session=page.session, plans=plans, today=tenant_today(page.tenant)),
        status_titles=STATUS_TITLES,
    )
