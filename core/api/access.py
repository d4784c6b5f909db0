"""What API handlers share about records: ids in paths, versions (ETag / If-Match), owners.

Which customers a caller may see is not decided here: core.customers.access holds the record
rules, the same ones packs get through ``sdk``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from sqlmodel import select

from core.api.deps import RequestContext
from core.api.errors import PreconditionRequired
from core.errors import InvalidInput, Problem
from core.models import User

#: A record id in a path: integer columns end at 2**31 - 1, so larger ids cannot exist.
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647, examples=[42])]


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
