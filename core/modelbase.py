"""What every table module builds on: the tenant-owned mixin and the created-at field.

It lives apart from core.models so that the domain table modules (audit, auth, importing, ...)
import it without importing core.models, which imports all of them to put every core table in
the metadata; the two used to import each other.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Field, SQLModel

from core.types import UTCDateTime, utcnow


class TenantOwned(SQLModel):
    """Mixin for every table whose rows belong to one tenant (packs' tables included)."""

    tenant_id: int | None = Field(default=None, foreign_key="tenants.id", nullable=False)


def _ts(**kwargs: Any) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, **kwargs)
