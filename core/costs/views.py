"""``/api/v1/costs``: record, list, total and delete acquisition and retention costs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from core.api.deps import RequestContext, require
from core.api.responses import responses
from core.costs.service import (
    CostFilter,
    CostInput,
    cost_totals,
    delete_cost,
    get_cost,
    list_costs,
    record_cost,
)
from core.metrics.models import Cost

router = APIRouter(prefix="/api/v1/costs", tags=["costs"])
Reader = Annotated[RequestContext, require("costs:read")]
Writer = Annotated[RequestContext, require("costs:write")]
CostId = Annotated[int, Path(ge=1, le=2_147_483_647)]
Category = Literal["acquire", "retain"]
Kind = Literal["marketing", "promotion", "service", "gift", "other"]


class CostIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "category": "acquire",
                    "kind": "marketing",
                    "amount": "3000.00",
                    "incurred_on": "2026-11-01",
                    "campaign": "Double 11",
                }
            ]
        },
    )

    category: Category
    kind: Kind = "other"
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(
        default=None, min_length=3, max_length=3, description="Default: the tenant's."
    )
    incurred_on: date = Field(description="The day, or the first day of the period the cost covers.")
    customer_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    segment_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    campaign: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=500)


class CostOut(BaseModel):
    id: int
    category: str
    kind: str
    amount: Decimal
    currency: str
    incurred_on: date
    customer_id: int | None
    segment_id: int | None
    campaign: str
    note: str
    created_by: str | None
    created_at: datetime


class CostList(BaseModel):
    items: list[CostOut]


class TotalOut(BaseModel):
    category: str
    kind: str
    currency: str
    total: Decimal


def _out(cost: Cost) -> CostOut:
    return CostOut.model_validate(cost, from_attributes=True)


@router.get("")
def costs(
    ctx: Reader,
    start: Annotated[date | None, Query(alias="from", description="First day included.")] = None,
    end: Annotated[date | None, Query(alias="to", description="First day no longer included.")] = None,
    category: Category | None = None,
    kind: Kind | None = None,
    customer_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    segment_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    campaign: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CostList:
    """Costs the caller may see, newest first (a rep: only costs of their customers)."""
    where = CostFilter(
        start=start,
        end=end,
        category=category,
        kind=kind,
        customer_id=customer_id,
        segment_id=segment_id,
        campaign=campaign,
    )
    return CostList(items=[_out(c) for c in list_costs(caller=ctx, where=where, limit=limit, offset=offset)])


@router.get("/totals")
def totals(
    ctx: Reader,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> list[TotalOut]:
    """Totals by category, kind and currency of the costs the caller may see."""
    rows = cost_totals(caller=ctx, where=CostFilter(start=start, end=end))
    return [TotalOut(category=c, kind=k, currency=cur, total=t) for c, k, cur, t in rows]


@router.post("", status_code=201, responses=responses(422))
def create_cost(body: CostIn, ctx: Writer) -> CostOut:
    """Record a cost; a customer the caller may not see is refused like a missing one."""
    data = CostInput(**body.model_dump())
    return _out(record_cost(session=ctx.session, tenant=ctx.tenant, caller=ctx, data=data, actor=ctx.actor))


@router.get("/{cost_id}", responses=responses(404))
def read_cost(cost_id: CostId, ctx: Reader) -> CostOut:
    return _out(get_cost(caller=ctx, cost_id=cost_id))


@router.delete("/{cost_id}", status_code=204, responses=responses(404))
def remove_cost(cost_id: CostId, ctx: Writer) -> Response:
    delete_cost(caller=ctx, cost_id=cost_id)
    return Response(status_code=204)
