"""A pack whose author forgot to declare permissions on some write routes.

``CALLS`` records every handler that actually ran, so a test can tell a refused route from one that
ran and failed later.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from sdk import PackInfo, Permission, hookimpl
from sdk.api import Context, RequestContext, require

CALLS: list[str] = []

router = APIRouter()
signed = APIRouter(prefix="/signed", dependencies=[require("undeclared:sign")])


@router.get("/notes")
def list_notes(ctx: Context) -> list[str]:
    CALLS.append("list_notes")
    return []


@router.post("/notes", status_code=201)
def add_note(ctx: Context) -> dict[str, str]:
    """No permission at all: the mistake the load-time check is for."""
    CALLS.append("add_note")
    return {"added": "yes"}


@router.delete("/notes")
def clear_notes(ctx: Context) -> None:
    """Checks inside the handler: invisible in the route table, so it counts as undeclared."""
    ctx.require("undeclared:sign")
    CALLS.append("clear_notes")


@router.api_route("/both", methods=["GET", "POST"])
def both(ctx: Context) -> dict[str, str]:
    """One handler for a read and a write: only the write is refused."""
    CALLS.append("both")
    return {"ok": "yes"}


@router.post("/stamps", status_code=201)
def add_stamp(ctx: Annotated[RequestContext, require("undeclared:sign")]) -> dict[str, str]:
    CALLS.append("add_stamp")
    return {"stamped": "yes"}


@signed.put("/seal")
def seal(ctx: Context) -> dict[str, str]:
    """Declared by its router's dependencies, which count like a parameter's."""
    CALLS.append("seal")
    return {"sealed": "yes"}


router.include_router(signed)


@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(name="undeclared", title="Undeclared writes", version="1.0", core_api=">=1.0,<2")


@hookimpl
def guanxi_register_api_routers() -> list[object]:
    from sdk import ApiRouter

    return [ApiRouter(router)]


@hookimpl
def guanxi_register_permissions() -> list[Permission]:
    return [Permission("undeclared:sign", "Sign notes", roles=("owner", "admin"))]
