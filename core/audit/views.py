"""The audit log, newest first, for admins and owners."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from core.api.deps import RequestContext, require
from core.api.limits import PageLimit
from core.api.responses import responses
from core.audit.models import AuditOut, AuditPage
from core.audit.service import list_entries
from core.errors import InvalidInput, Problem

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("", responses=responses())
def read_audit(
    ctx: Annotated[RequestContext, require("audit:read")],
    limit: PageLimit,
    entity: Annotated[str | None, Query(max_length=63, examples=["customer"])] = None,
    entity_id: Annotated[str | None, Query(max_length=64, examples=["42"])] = None,
    cursor: Annotated[str | None, Query(max_length=20, description="`next_cursor` of the last page.")] = None,
) -> AuditPage:
    """Who changed which field of which record, from what to what, when, through what."""
    if cursor is not None and not cursor.isdigit():
        raise InvalidInput([Problem("cursor", "not a cursor this server issued")])
    rows = list_entries(
        session=ctx.session,
        entity=entity,
        entity_id=entity_id,
        before_id=int(cursor) if cursor else None,
        limit=limit + 1,
    )
    next_cursor = str(rows[limit - 1].id) if len(rows) > limit else None
    return AuditPage(items=[AuditOut.model_validate(r) for r in rows[:limit]], next_cursor=next_cursor)
