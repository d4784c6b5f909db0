"""A customer's timeline as the API pages it: core's and enabled packs' interactions, newest first.

Pages are keyed by ``(occurred_at, id)`` of the last row shown, so they neither skip nor repeat
rows while new interactions arrive.  Interactions written by a pack the tenant has since disabled
stay stored but are not shown.
"""

from __future__ import annotations

import base64
from datetime import datetime

from sqlmodel import Session, and_, col, or_, select

from core.errors import InvalidInput, Problem
from core.models import Interaction


def encode_cursor(row: Interaction) -> str:
    raw = f"{row.occurred_at.isoformat()}|{row.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        at, last_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split("|")
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, int(last_id)
    except ValueError as exc:
        raise InvalidInput([Problem("cursor", "not a cursor this server issued")]) from exc


def customer_timeline(
    *, session: Session, customer_id: int, sources: frozenset[str], limit: int, cursor: str | None
) -> tuple[list[Interaction], str | None]:
    statement = select(Interaction).where(
        col(Interaction.customer_id) == customer_id, col(Interaction.source).in_(sorted(sources))
    )
    if cursor:
        at, last_id = decode_cursor(cursor)
        statement = statement.where(
            or_(
                col(Interaction.occurred_at) < at,
                and_(col(Interaction.occurred_at) == at, col(Interaction.id) < last_id),
            )
        )
    statement = statement.order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc()).limit(
        limit + 1
    )
    rows = list(session.exec(statement).all())
    return rows[:limit], encode_cursor(rows[limit - 1]) if len(rows) > limit else None
