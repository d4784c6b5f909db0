"""Keyset pages, newest first: each page starts after the last row of the previous one.

Offsets skip or repeat rows while others write; a keyset on (created, id) does not, and the id
breaks ties between rows created in the same instant, so the order is total and stable.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import and_, or_
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from core.errors import InvalidInput, Problem

T = TypeVar("T")
MAX_CURSOR = 200


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows and the cursor of the next one (``None`` on the last page)."""

    items: list[T]
    next_cursor: str | None


def encode_cursor(created: datetime, record_id: int) -> str:
    raw = json.dumps([created.isoformat(), record_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, field: str = "cursor") -> tuple[datetime, int]:
    """The (created, id) a cursor stands for; anything else is a 422 naming ``field``."""
    try:
        if len(cursor) > MAX_CURSOR:
            raise ValueError("too long")
        created, record_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        moment = datetime.fromisoformat(created)
        if moment.tzinfo is None or type(record_id) is not int:
            raise ValueError("not a cursor")
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput([Problem(field, "not a cursor this server issued")]) from exc
    return moment, record_id


def newest_first(
    session: Session,
    statement: SelectOfScalar[T],
    *,
    created: Any,
    id: Any,
    cursor: str | None,
    limit: int,
) -> Page[T]:
    """Run ``statement`` (filters included) newest first, one page of ``limit`` rows after ``cursor``.

    ``created`` and ``id`` are the model's columns (``Entry.created_at``, ``Entry.id``); an index
    leading with ``tenant_id`` and ending with them keeps each page one index range scan.
    """
    if limit < 1:
        raise InvalidInput([Problem("limit", "must be at least 1")])
    if cursor:
        moment, last_id = decode_cursor(cursor)
        statement = statement.where(or_(created < moment, and_(created == moment, id < last_id)))
    rows = list(session.exec(statement.order_by(created.desc(), id.desc()).limit(limit + 1)).all())
    if len(rows) <= limit:
        return Page(rows, None)
    last = rows[limit - 1]
    return Page(rows[:limit], encode_cursor(getattr(last, created.key), getattr(last, id.key)))
