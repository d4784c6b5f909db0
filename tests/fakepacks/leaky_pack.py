"""A pack that forgets the record rules and a permission: the security walks must name it.

Its notes are interactions with source ``leaky``: logged for any customer id, listed and read
without asking whether the caller may see the customer.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import select

from sdk import ApiRouter, Interaction, NotFound, PackInfo, Permission, hookimpl, log_interaction
from sdk.api import Context, RequestContext, require

router = APIRouter()


class NoteIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"customer_id": 1, "summary": "漏"}]})

    customer_id: int
    summary: str = Field(default="note", max_length=200)


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    summary: str


@router.post("/notes", status_code=201)
def add_note(body: NoteIn, ctx: Annotated[RequestContext, require("leaky:write")]) -> NoteOut:
    note = log_interaction(
        session=ctx.session,
        tenant=ctx.tenant,
        customer_id=body.customer_id,
        data={"kind": "note", "summary": body.summary},
        source="leaky",
    )
    return NoteOut.model_validate(note)


@router.get("/notes")
def list_notes(ctx: Context) -> list[NoteOut]:
    rows = ctx.session.exec(select(Interaction).where(Interaction.source == "leaky")).all()
    return [NoteOut.model_validate(r) for r in rows]


@router.get("/notes/{note_id}")
def read_note(note_id: int, ctx: Context) -> NoteOut:
    note = ctx.session.get(Interaction, note_id)
    if note is None or note.source != "leaky":
        raise NotFound(f"note {note_id} not found")
    return NoteOut.model_validate(note)


@router.post("/flags", status_code=201)
def raise_flag(ctx: Context) -> dict[str, str]:
    return {"flag": "raised"}


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="leaky", title="Leaky", version="1.0", core_api=">=1.0,<2")


@hookimpl
def guanxi_register_api_routers() -> list[ApiRouter]:
    return [ApiRouter(router)]


@hookimpl
def guanxi_register_permissions() -> list[Permission]:
    return [Permission("leaky:write", "Write notes", roles=("owner", "admin", "manager", "rep"))]
