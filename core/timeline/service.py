"""One page of a customer's timeline, merged from every source in one SQL statement.

Each source (core's interactions, then every :class:`~core.records.TimelineSource` of an enabled
pack) becomes one branch: its own select with the keyset condition and a limit pushed inside, so
each branch is a range scan of its ``(tenant, customer, time)`` index.  The branches are merged
with ``UNION ALL`` and ordered by ``(occurred_at, source, id)`` newest first; that triple is unique,
so a cursor naming the last entry shown never skips nor repeats one, even while rows arrive.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Numeric,
    Select,
    String,
    and_,
    cast,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlmodel import Session, col

from core.errors import InvalidInput, Problem
from core.models import Interaction, Tenant
from core.records import TimelineSource
from core.types import UTCDateTime

#: The key of core's own source: the interactions table (logged by core or by enabled packs).
INTERACTIONS = "interactions"
_INTERACTIONS_SOURCE = TimelineSource(
    INTERACTIONS, "Interaction", lambda **_: None, titles={"zh_Hans": "互动", "zh_Hant": "互動"}
)
#: A select of any columns: each source's row shape is checked when it is reshaped.
Rows = Select[*tuple[Any, ...]]
_OPTIONAL: dict[str, Any] = {
    "kind": String(),
    "amount": Numeric(14, 2),
    "currency": String(),
    "user_id": Integer(),
}


@dataclass(frozen=True)
class Cursor:
    """The last entry of the previous page."""

    occurred_at: datetime
    source: str
    id: int


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline, whatever its source; ``link`` leads to the record (or ``None``)."""

    source: str
    id: int
    occurred_at: datetime
    summary: str
    kind: str | None
    amount: Decimal | None
    currency: str | None
    user_id: int | None
    link: str | None


@dataclass(frozen=True)
class TimelinePageResult:
    entries: list[TimelineEntry]
    next_cursor: str | None
    sources: dict[str, TimelineSource]


def _keyset(occurred: Any, row_id: Any, key: str, cursor: Cursor | None) -> ColumnElement[bool] | None:
    """Entries after ``cursor`` in (occurred_at, source, id) descending order, for one source.

    The source is a constant within a branch, so the triple comparison becomes a condition on the
    branch's own time and id columns, which its index serves.
    """
    if cursor is None:
        return None
    if key < cursor.source:
        return occurred <= cursor.occurred_at
    if key > cursor.source:
        return occurred < cursor.occurred_at
    return or_(occurred < cursor.occurred_at, and_(occurred == cursor.occurred_at, row_id < cursor.id))


def _branch(key: str, query: Rows, cursor: Cursor | None, limit: int) -> Rows:
    """A source's select reshaped to the merged columns, narrowed by the cursor, at most ``limit``."""
    columns = query.selected_columns
    missing = [name for name in ("occurred_at", "id", "summary") if name not in columns]
    if missing:
        raise ValueError(f"timeline source {key!r} lacks the column(s) {', '.join(missing)}")
    occurred, row_id = columns["occurred_at"], columns["id"]
    optional = [
        columns[name] if name in columns else cast(null(), kind).label(name)
        for name, kind in _OPTIONAL.items()
    ]
    shaped = query.with_only_columns(
        cast(literal(key), String()).label("source"),
        # type_coerce, not CAST: SQLite would turn a cast to DATETIME into a number
        type_coerce(occurred, UTCDateTime()).label("occurred_at"),
        row_id.label("id"),
        type_coerce(columns["summary"], String()).label("summary"),
        *optional,
    )
    condition = _keyset(occurred, row_id, key, cursor)
    if condition is not None:
        shaped = shaped.where(condition)
    inner = shaped.order_by(occurred.desc(), row_id.desc()).limit(limit).subquery()
    return select(*inner.c)


def _interactions(*, customer_id: int, origins: Collection[str], hidden: Sequence[Rows]) -> Rows:
    query: Rows = select(
        col(Interaction.occurred_at).label("occurred_at"),
        col(Interaction.id).label("id"),
        col(Interaction.summary).label("summary"),
        col(Interaction.kind).label("kind"),
        col(Interaction.amount).label("amount"),
        col(Interaction.currency).label("currency"),
        col(Interaction.user_id).label("user_id"),
    ).where(col(Interaction.customer_id) == customer_id, col(Interaction.source).in_(sorted(origins)))
    for ids in hidden:
        stood_for = ids.subquery()
        first = next(iter(stood_for.c))
        query = query.where(col(Interaction.id).not_in(select(first).where(first.is_not(None))))
    return query


def timeline_sources(*, hooks: Any, tenant: Tenant) -> dict[str, TimelineSource]:
    """Every source this tenant's timeline has, core's first, by key."""
    return {INTERACTIONS: _INTERACTIONS_SOURCE, **{s.key: s for s in hooks.timeline_sources(tenant=tenant)}}


def merged_timeline(
    *,
    session: Session,
    tenant: Tenant,
    hooks: Any,
    customer_id: int,
    only: Collection[str] | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> TimelinePageResult:
    """One page of the customer's timeline, newest first, and the cursor of the next page.

    ``hooks`` is the tenant's :class:`~core.packs.facade.TenantHooks`: interactions written by a pack
    the tenant disabled stay stored but hidden, and so do that pack's sources.  ``only`` keeps the
    named sources (a key this tenant does not have is a 422 naming ``source``).  The caller has
    already checked that the customer is visible to the user.
    """
    sources = timeline_sources(hooks=hooks, tenant=tenant)
    if only:
        unknown = sorted(set(only) - set(sources))
        if unknown:
            known = ", ".join(sources)
            raise InvalidInput([Problem("source", f"unknown source {', '.join(unknown)}; use {known}")])
    wanted = [key for key in sources if not only or key in only]
    after = decode_cursor(cursor) if cursor else None
    pack_sources = [s for s in sources.values() if s.key != INTERACTIONS]
    branches = []
    query: Rows
    for key in wanted:
        if key == INTERACTIONS:
            hidden = [
                s.hides_interactions(tenant=tenant, customer_id=customer_id)
                for s in pack_sources
                if s.hides_interactions is not None
            ]
            origins = {"core", *hooks.enabled}
            query = _interactions(customer_id=customer_id, origins=origins, hidden=hidden)
        else:
            query = sources[key].query(tenant=tenant, customer_id=customer_id)
        branches.append(_branch(key, query, after, limit + 1))
    merged = union_all(*branches).subquery("timeline")
    statement = (
        select(*merged.c)
        .order_by(merged.c.occurred_at.desc(), merged.c.source.desc(), merged.c.id.desc())
        .limit(limit + 1)
    )
    rows = session.execute(statement).all()
    entries = [_entry(row, sources[row.source]) for row in rows[:limit]]
    next_cursor = encode_cursor(entries[-1]) if len(rows) > limit else None
    return TimelinePageResult(entries, next_cursor, sources)


def _entry(row: Any, source: TimelineSource) -> TimelineEntry:
    return TimelineEntry(
        source=row.source,
        id=int(row.id),
        occurred_at=row.occurred_at,
        summary=row.summary or "",
        kind=row.kind,
        amount=row.amount,
        currency=row.currency,
        user_id=row.user_id,
        link=source.link.format(id=row.id) if source.link else None,
    )


def encode_cursor(entry: TimelineEntry) -> str:
    raw = json.dumps([entry.occurred_at.isoformat(), entry.source, entry.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, source, last_id = json.loads(raw)
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None or not isinstance(source, str) or not isinstance(last_id, int):
            raise ValueError("not a cursor")
        return Cursor(moment, source, last_id)
    except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
        raise InvalidInput([Problem("cursor", "not a cursor this server issued")]) from exc
