"""The customer page: profile, one timeline (core and enabled packs), pack panels, and the quick
"log an interaction" form (htmx swaps the activity section; without JavaScript it redirects)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, col, select

from core.activities.pages import customer_section
from core.collections.ageing import customer_balances
from core.customers.access import visible_customer
from core.errors import InvalidInput, NotFound
from core.interactions.service import log_interaction
from core.metrics.series import CustomerMetric, customer_values, last_months
from core.models import Customer, InteractionKind, User
from core.reminders.clock import tenant_today
from core.timeline.service import merged_timeline
from core.types import utcnow
from core.web.context import Page, PageContext, WebError
from core.web.forms import INTERACTION_FIELDS, field_errors, interaction_data

router = APIRouter()
KINDS = [k.value for k in InteractionKind]


def _visible(page: Page, customer_id: int) -> Customer:
    try:
        return visible_customer(
            session=page.session, user=page.user, permissions=page.permissions, customer_id=customer_id
        )
    except NotFound as exc:
        raise WebError(404) from exc


def _activity(
    page: Page, customer: Customer, source: str | None = None, cursor: str | None = None
) -> dict[str, Any]:
    """The timeline's context: entries of every source merged by time (one source when the
    filter names one), the cursor of older entries, the sources' labels, the authors' names."""
    assert customer.id is not None
    try:
        found = merged_timeline(
            session=page.session,
            tenant=page.tenant,
            hooks=page.hooks,
            customer_id=customer.id,
            only=[source] if source else None,
            cursor=cursor,
        )
    except InvalidInput as exc:  # a stale filter or cursor in a bookmarked URL
        raise WebError(404) from exc
    return {
        "timeline": found.entries,
        "next_cursor": found.next_cursor,
        "source": source,
        "sources": {key: s.titles.get(page.locale, s.title) for key, s in found.sources.items()},
        "authors": user_names(page.session, {i.user_id for i in found.entries}),
        "kinds": KINDS,
    }


@router.get("/customers/{customer_id}")
def customer_page(
    page: PageContext, customer_id: int, source: str | None = None, cursor: str | None = None
) -> Response:
    """The customer; ``cursor`` starts the timeline at older entries (the link without htmx)."""
    page.require("customers:read")
    customer = _visible(page, customer_id)
    return _detail(page, customer, {"kind": "visit"}, {}, source=source, cursor=cursor)


@router.get("/customers/{customer_id}/timeline")
def older_entries(page: PageContext, customer_id: int, cursor: str, source: str | None = None) -> Response:
    """The next entries of the timeline, as list items for htmx to append (the "older" link)."""
    page.require("customers:read")
    customer = _visible(page, customer_id)
    return page.render(
        "customers/_timeline_items.html", customer=customer, **_activity(page, customer, source, cursor)
    )


def render_customer(
    page: Page,
    customer_id: int,
    *,
    activity_errors: dict[str, Any],
    activity_values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The customer page with a refused activity form's reason beside it (for the activity pages)."""
    customer = _visible(page, customer_id)
    section = customer_section(page, customer, activity_errors, activity_values)
    return _detail(page, customer, {"kind": "visit"}, {}, status=status, section=section)


def _detail(
    page: Page,
    customer: Customer,
    values: dict[str, str],
    errors: dict,
    status: int = 200,
    source: str | None = None,
    cursor: str | None = None,
    section: dict[str, Any] | None = None,
) -> Response:
    if section is None and page.can("activities:read"):
        section = customer_section(page, customer)
    panels = sorted(page.hooks.customer_panels(tenant=page.tenant), key=lambda p: (p.order, p.key))
    rendered = [(p, p.context(page.session, page.tenant, customer)) for p in panels]
    figures = _figures(page, customer)
    balances = (
        customer_balances(session=page.session, customer_id=customer.id, today=tenant_today(page.tenant))
        if page.can("collections:read") and customer.id is not None
        else None
    )
    owner = user_names(page.session, {customer.owner_id}).get(customer.owner_id or 0)
    return page.render(
        "customers/detail.html",
        customer=customer,
        panels=rendered,
        figures=figures,
        balances=balances,
        owner=owner,
        values=values,
        errors=errors,
        status_code=status,
        **_activity(page, customer, source, cursor),
        **(section or {}),
    )


def _figures(page: Page, customer: Customer) -> list[CustomerMetric]:
    """This customer's value of every metric that has one, over the last 12 months."""
    assert customer.id is not None
    start, end = last_months(now=utcnow(), timezone=page.tenant.timezone, months=12)
    return customer_values(
        session=page.session,
        tenant=page.tenant,
        metrics=page.hooks.metrics(tenant=page.tenant),
        customer_id=customer.id,
        start=start,
        end=end,
    )


@router.post("/customers/{customer_id}/interactions")
async def log_interaction_page(request: Request, page: PageContext, customer_id: int) -> Response:
    page.require("interactions:write")
    customer = _visible(page, customer_id)
    form = await request.form()
    htmx = request.headers.get("hx-request") == "true"
    try:
        data = interaction_data(form, timezone=page.tenant.timezone)
        assert customer.id is not None
        log_interaction(
            session=page.session, tenant=page.tenant, customer_id=customer.id, data=data, user_id=page.user.id
        )
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        values = {k: str(form.get(k, "")) for k in INTERACTION_FIELDS}
        errors = field_errors(exc, page.gettext)
        if not htmx:
            return _detail(page, customer, values, errors, status=422)
        # htmx swaps only successful answers, so the form with its messages comes back as 200
        return page.render(
            "customers/_activity.html",
            customer=customer,
            values=values,
            errors=errors,
            **_activity(page, customer),
        )
    if not htmx:
        return RedirectResponse(f"/customers/{customer.id}", status_code=303)
    return page.render(
        "customers/_activity.html",
        customer=customer,
        values={"kind": "visit"},
        errors={},
        **_activity(page, customer),
    )


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    """Display names of the owner and the timeline's authors, in one query (``None`` ids skipped)."""
    wanted = sorted(i for i in ids if i is not None)
    if not wanted:
        return {}
    rows = session.exec(select(col(User.id), col(User.display_name)).where(col(User.id).in_(wanted))).all()
    return {user_id: name for user_id, name in rows if user_id is not None}
