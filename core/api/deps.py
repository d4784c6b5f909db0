"""Request dependencies: who is calling, for which tenant, in which unit of work.

Every tenant-facing route takes :data:`Context`; the session in it is tenant-scoped (core.tenancy)
and is committed once after the handler returns, or rolled back if anything raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from core.models import Tenant, User


@dataclass
class RequestContext:
    session: Session
    tenant: Tenant
    user: User | None
    #: Who acts, for the audit log: ``user:<email>`` or ``apikey:<name>``.
    actor: str
    api_key: Any | None = None


def get_context(request: Request) -> RequestContext:  # replaced by the authenticated version
    raise HTTPException(status_code=401, detail="not authenticated")


Context = Annotated[RequestContext, Depends(get_context)]
