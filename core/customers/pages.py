"""Customers list (search as you type, tag filter) and the create and edit forms.

``router`` also carries the customer page itself (core.customers.detail_page), mounted after
these routes so ``/customers/new`` is never read as a customer id.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from core.customers import detail_page
from core.customers.access import customer_conditions, visible_customer
from core.customers.service import create_customer, search_customers, update_customer
from core.errors import InvalidInput, NotFound, StaleVersion
from core.lunar import lunar_year_of
from core.models import Customer
from core.web.context import Page, PageContext, WebError
from core.web.forms import CUSTOMER_FIELDS, customer_data, field_errors, validate_customer

router = APIRouter()
PAGE_SIZE = 50


@router.get("/customers")
def customers_list(page: PageContext, q: str = "", tag: str = "", cursor: str = "") -> Response:
    page.require("customers:read")
    try:
        result = search_customers(
            session=page.session,
            tenant=page.tenant,
            q=q or None,
            tag=tag or None,
            limit=PAGE_SIZE,
            cursor=cursor or None,
            where=customer_conditions(page.user, page.permissions),
        )
    except InvalidInput as exc:
        raise WebError(400) from exc
    partial = page.request.headers.get("hx-request") == "true" and not page.request.headers.get("hx-boosted")
    template = "customers/_rows.html" if partial else "customers/list.html"
    return page.render(template, customers=result.items, next_cursor=result.next_cursor, q=q, tag=tag)


def _form_values(customer: Customer | None) -> dict[str, str]:
    if customer is None:
        return {"kind": "person", "birthday_calendar": "solar"}
    values = {
        "name": customer.name,
        "kind": customer.kind,
        "phones": "\n".join(customer.phones),
        "emails": "\n".join(customer.emails),
        "tags": ", ".join(customer.tags),
        "city": customer.city or "",
        "address": customer.address or "",
        "team": customer.team or "",
        "grade": customer.grade or "",
        "birthday": customer.birthday.isoformat() if customer.birthday else "",
        "birthday_calendar": "lunar" if customer.birthday_lunar else "solar",
    }
    if customer.birthday_lunar:
        values.update(
            lunar_month=str(customer.lunar_birth_month or ""),
            lunar_day=str(customer.lunar_birth_day or ""),
            lunar_leap="on" if customer.lunar_birth_leap else "",
            lunar_year=_lunar_year(customer.birthday),
        )
    return values


def _lunar_year(birthday: date | None) -> str:
    """A lunar birthday with a known year is stored with its solar date; the form shows the year."""
    if birthday is None:
        return ""
    try:
        return str(lunar_year_of(birthday))
    except ValueError:
        return ""


def _form(
    page: Page, customer: Customer | None, values: dict[str, str], errors: dict, status: int = 200
) -> Response:
    return page.render(
        "customers/form.html", customer=customer, values=values, errors=errors, status_code=status
    )


@router.get("/customers/new")
def new_customer_form(page: PageContext) -> Response:
    page.require("customers:write")
    return _form(page, None, _form_values(None), {})


@router.post("/customers/new")
async def create_customer_page(request: Request, page: PageContext) -> Response:
    page.require("customers:write")
    form = await request.form()
    data = customer_data(form)
    values = {k: str(form.get(k, "")) for k in CUSTOMER_FIELDS}
    try:
        checked = validate_customer(data, page.tenant)
        customer = create_customer(
            session=page.session, tenant=page.tenant, data=checked, actor_id=page.user.id
        )
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        return _form(page, None, values, field_errors(exc, page.gettext), status=422)
    return RedirectResponse(f"/customers/{customer.id}", status_code=303)


@router.get("/customers/{customer_id}/edit")
def edit_customer_form(page: PageContext, customer_id: int) -> Response:
    page.require("customers:write")
    customer = _visible(page, customer_id)
    return _form(page, customer, _form_values(customer), {})


@router.post("/customers/{customer_id}/edit")
async def update_customer_page(request: Request, page: PageContext, customer_id: int) -> Response:
    page.require("customers:write")
    customer = _visible(page, customer_id)
    form = await request.form()
    data = customer_data(form)
    values = {k: str(form.get(k, "")) for k in CUSTOMER_FIELDS}
    try:
        version = int(str(form.get("version", "")))
    except ValueError:
        version = None
    try:
        checked = validate_customer(data, page.tenant)
        assert customer.id is not None
        update_customer(
            session=page.session,
            tenant=page.tenant,
            customer_id=customer.id,
            data=checked,
            expected_version=version,
        )
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        return _form(page, customer, values, field_errors(exc, page.gettext), status=422)
    except StaleVersion:
        page.session.rollback()
        errors = {"_form": [page.gettext("Someone else changed this customer; reload and try again.")]}
        return _form(page, customer, values, errors, status=409)
    return RedirectResponse(f"/customers/{customer.id}", status_code=303)


def _visible(page: Page, customer_id: int) -> Customer:
    try:
        return visible_customer(
            session=page.session, user=page.user, permissions=page.permissions, customer_id=customer_id
        )
    except NotFound as exc:
        raise WebError(404) from exc


router.include_router(detail_page.router)
