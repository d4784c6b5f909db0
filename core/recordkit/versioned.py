"""The versioned-record mixin and the If-Match checks a pack's PATCH and DELETE make.

The rules themselves (ETag format, 412 and 428) are core.versioning's, shared with core's
customers, so a pack's record answers a stale or missing If-Match exactly as a customer does.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy.orm import declared_attr
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Field, Session, SQLModel

from core.errors import StaleVersion
from core.versioning import check_version, expected_version
from core.versioning import etag as version_etag


class HasVersion(Protocol):
    version: int


class Versioned(SQLModel):
    """Mixin: a ``version`` column that SQLAlchemy raises on every UPDATE (``version_id_col``).

    An UPDATE or DELETE whose version no longer matches the row's fails at flush instead of
    overwriting someone else's edit, even between the If-Match check and the write.
    """

    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def etag(record: HasVersion) -> str:
    """The ``ETag`` header value of ``record`` as it is now (flush first after a change)."""
    return version_etag(record.version)


def check_if_match(
    if_match: str | None, record: HasVersion, *, body_version: int | None = None, required: bool = True
) -> None:
    """Refuse an edit of ``record`` based on another version (412) or on none at all (428).

    ``body_version`` is a ``version`` field some clients send instead of the header.
    """
    check_version(record.version, expected_version(if_match, body_version, required=required))


def save(session: Session, record: HasVersion) -> None:
    """Flush ``record``; an edit that lost a race since the If-Match check becomes a 412 too."""
    session.add(record)
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        current = session.get(type(record), _identity(record))
        raise StaleVersion(current.version if current else record.version + 1) from None


def _identity(record: Any) -> Any:
    from sqlalchemy import inspect

    identity = inspect(record).identity
    return identity[0] if identity and len(identity) == 1 else identity
