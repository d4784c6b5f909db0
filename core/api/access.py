"""Record-level access for API handlers: find a customer the caller may see, or 404.

Tenant isolation comes from the session; record rules come from core.auth.rules, the same
functions packs get through ``sdk``, so a customer hidden from a rep answers exactly like one that
does not exist on core's routes and on every pack's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from sqlmodel import select

from core.api.deps import RequestContext
from core.api.errors import PreconditionRequired
from core.auth.rules import require_visible_customer
from core.errors import InvalidInput, Problem
from core.models import Customer, User

#: A record id in a path: integer columns end at 2**31 - 1, so larger ids cannot exist.
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647, examples=[42])]


def visible_customer(ctx: RequestContext, customer_id: int, *, include_deleted: bool = False) -> Customer:
    """The customer if the caller may see it; ``NotFound`` (404) when missing or hidden."""
    return require_visible_customer(ctx, customer_id, include_deleted=include_deleted)


def check_owner(ctx: RequestContext, owner_id: int | None) -> None:
    """An owner must be a user of the caller's tenant (ids of other tenants' users look missing)."""
    if owner_id is not None and ctx.session.exec(select(User.id).where(User.id == owner_id)).first() is None:
        raise InvalidInput([Problem("owner_id", f"no user {owner_id} in this tenant")])


def expected_version(if_match: str | None, body_version: int | None, *, required: bool = True) -> int | None:
    """The version an edit is based on, from ``If-Match`` (``"3"``, ``W/"3"``) or the body."""
    if if_match is not None:
        raw = if_match.strip().removeprefix("W/").strip('"')
        if not raw.isdigit():
            raise InvalidInput([Problem("If-Match", 'send the ETag you read, e.g. "3"')])
        if body_version is not None and body_version != int(raw):
            raise InvalidInput([Problem("version", "differs from If-Match")])
        return int(raw)
    if body_version is None and required:
        raise PreconditionRequired("send If-Match with the ETag you read (or the version field)")
    return body_version


def etag(version: int) -> str:
    return f'"{version}"'
