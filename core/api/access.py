"""What API handlers share about records: ids in paths, versions (ETag / If-Match,
from core.versioning), owners.

Which customers a caller may see is not decided here: core.customers.access holds the record
rules, the same ones packs get through ``sdk``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path
from sqlmodel import select

from core.api.deps import RequestContext
from core.errors import InvalidInput, Problem
from core.models import User
from core.versioning import etag, expected_version

__all__ = ["IfMatch", "RecordId", "check_owner", "etag", "expected_version"]

#: A record id in a path: integer columns end at 2**31 - 1, so larger ids cannot exist.
RecordId = Annotated[int, Path(ge=1, le=2_147_483_647, examples=[42])]
#: The ``If-Match`` header of an edit: the ETag the client read.
IfMatch = Annotated[str | None, Header(description='The ETag you read, e.g. "3".', examples=['"3"'])]


def check_owner(ctx: RequestContext, owner_id: int | None) -> None:
    """An owner must be a user of the caller's tenant (ids of other tenants' users look missing)."""
    if owner_id is not None and ctx.session.exec(select(User.id).where(User.id == owner_id)).first() is None:
        raise InvalidInput([Problem("owner_id", f"no user {owner_id} in this tenant")])
