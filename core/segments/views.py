"""Segment routes: list, create, change, delete, and the ids of a segment's customers.

A segment ranges over every customer of the tenant, so reading one needs ``customers:all``;
defining one is ``segments:write`` (managers and up, write-scoped API keys), not a viewer's right.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from core.api.deps import RequestContext, require
from core.segments.models import Segment
from core.segments.service import (
    count_segment,
    create_segment,
    delete_segment,
    get_segment,
    list_segments,
    segment_customer_ids,
    update_segment,
)

router = APIRouter(prefix="/api/v1/segments", tags=["segments"])
Reader = Annotated[RequestContext, require("customers:all")]
Writer = Annotated[RequestContext, require("segments:write")]


class SegmentIn(BaseModel):
    name: str
    description: str = ""
    filters: dict[str, Any] = Field(default_factory=dict)


class SegmentPatch(BaseModel):
    name: str | None = None
    description: str | None = None
    filters: dict[str, Any] | None = None


class SegmentOut(BaseModel):
    id: int
    name: str
    description: str
    filters: dict[str, Any]
    size: int


def _out(ctx: RequestContext, segment: Segment) -> SegmentOut:
    size = count_segment(session=ctx.session, tenant=ctx.tenant, filters=segment.filters)
    return SegmentOut(
        id=segment.id, name=segment.name, description=segment.description, filters=segment.filters, size=size
    )


@router.get("", response_model=list[SegmentOut])
def list_all(ctx: Reader) -> list[SegmentOut]:
    return [_out(ctx, s) for s in list_segments(session=ctx.session)]


@router.post("", response_model=SegmentOut, status_code=201)
def create(body: SegmentIn, ctx: Writer) -> SegmentOut:
    ctx.require("customers:all")
    segment = create_segment(
        session=ctx.session,
        tenant=ctx.tenant,
        name=body.name,
        filters=body.filters,
        description=body.description,
    )
    return _out(ctx, segment)


@router.get("/{segment_id}", response_model=SegmentOut)
def show(segment_id: int, ctx: Reader) -> SegmentOut:
    return _out(ctx, get_segment(session=ctx.session, segment_id=segment_id))


@router.patch("/{segment_id}", response_model=SegmentOut)
def change(segment_id: int, body: SegmentPatch, ctx: Writer) -> SegmentOut:
    ctx.require("customers:all")
    segment = update_segment(
        session=ctx.session, tenant=ctx.tenant, segment_id=segment_id, **body.model_dump(exclude_unset=True)
    )
    return _out(ctx, segment)


@router.delete("/{segment_id}", status_code=204)
def remove(segment_id: int, ctx: Writer) -> None:
    ctx.require("customers:all")
    delete_segment(session=ctx.session, segment_id=segment_id)


@router.get("/{segment_id}/customers")
def members(segment_id: int, ctx: Reader) -> dict[str, list[int]]:
    """The ids of the segment's customers now (for campaigns and exports)."""
    ids = segment_customer_ids(session=ctx.session, tenant=ctx.tenant, segment_id=segment_id)
    return {"customer_ids": ids}
