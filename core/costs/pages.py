"""Costs: record what winning and keeping customers cost, and list it with totals by kind.

Everyone with ``costs:read`` sees the page (a rep: only costs of their own customers);
``costs:write`` (managers, admins, owners) records and deletes.  The same service as the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import col, select

from core.costs.service import (
    KINDS,
    RECORDED,
    CostFilter,
    CostInput,
    cost_totals,
    delete_cost,
    list_costs,
    record_cost,
)
from core.errors import InvalidInput, NotFound, Problem
from core.segments.models import Segment
from core.web.context import Page, PageContext, WebError
from core.web.forms import field_errors

router = APIRouter()


def _month_start(today: date) -> date:
    return today.replace(day=1)


def _render(page: Page, values: dict[str, Any], errors: dict, status: int = 200) -> Response:
    where = CostFilter()
    return page.render(
        "costs/list.html",
        costs=list_costs(caller=page, where=where, limit=200),
        totals=cost_totals(caller=page, where=where),
        segments=page.session.exec(select(Segment).order_by(col(Segment.name))).all()
        if page.can("costs:write")
        else [],
        categories=RECORDED,
        kinds=KINDS,
        values=values,
        errors=errors,
        status_code=status,
    )


@router.get("/costs")
def costs_page(page: PageContext) -> Response:
    page.require("costs:read")
    today = date.today()
    values = {"category": "acquire", "kind": "marketing", "incurred_on": _month_start(today).isoformat()}
    return _render(page, values, {})


def _optional_id(text: str, field: str, problems: list[Problem]) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) <= 2_147_483_647:
        problems.append(Problem(field, "not found"))
        return None
    return int(text)


@router.post("/costs")
async def add_cost(request: Request, page: PageContext) -> Response:
    page.require("costs:write")
    form = await request.form()
    values = {
        k: str(form.get(k, "")).strip()
        for k in (
            "category",
            "kind",
            "amount",
            "incurred_on",
            "customer_id",
            "segment_id",
            "campaign",
            "note",
        )
    }
    problems: list[Problem] = []
    customer_id = _optional_id(values["customer_id"], "customer_id", problems)
    segment_id = _optional_id(values["segment_id"], "segment_id", problems)
    data = CostInput(
        category=values["category"],
        kind=values["kind"] or "other",
        amount=values["amount"],
        incurred_on=values["incurred_on"],
        customer_id=customer_id,
        segment_id=segment_id,
        campaign=values["campaign"],
        note=values["note"],
    )
    try:
        if problems:
            raise InvalidInput(problems)
        record_cost(session=page.session, tenant=page.tenant, caller=page, data=data, actor=page.actor)
        page.session.flush()
    except InvalidInput as exc:
        page.session.rollback()
        return _render(page, values, field_errors(exc, page.gettext), status=422)
    return RedirectResponse("/costs?saved=1", status_code=303)


@router.post("/costs/{cost_id}/delete")
def remove_cost(cost_id: int, page: PageContext) -> Response:
    page.require("costs:write")
    try:
        delete_cost(caller=page, cost_id=cost_id)
    except NotFound:
        raise WebError(404) from None
    return RedirectResponse("/costs", status_code=303)
