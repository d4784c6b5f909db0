"""Write and read the audit log.

Entries are added to the caller's session, so they commit or roll back with the change they
describe.  Who acted is read from the session (``bind_actor``), set once per request or job, so
services record changes without every caller threading the actor through.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core.audit.models import AuditEntry

_ACTOR = "guanxi_actor"


@dataclass(frozen=True)
class Actor:
    """Who acts: ``user:<email>``, ``apikey:<name>`` or ``system``; and through which pack/key."""

    name: str
    via_pack: str | None = None
    api_key_id: int | None = None


SYSTEM = Actor("system")


def bind_actor(session: Session, actor: Actor) -> None:
    """Attribute every change made through ``session`` to ``actor``."""
    session.info[_ACTOR] = actor


def bound_actor(session: Session) -> Actor:
    return session.info.get(_ACTOR, SYSTEM)


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return value


def record_change(
    *,
    session: Session,
    tenant_id: int,
    entity: str,
    entity_id: Any,
    action: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> AuditEntry:
    """Add one audit entry; ``changes`` maps field -> (old, new)."""
    actor = bound_actor(session)
    entry = AuditEntry(
        tenant_id=tenant_id,
        actor=actor.name,
        via_pack=actor.via_pack,
        api_key_id=actor.api_key_id,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        changes={k: [_json(old), _json(new)] for k, (old, new) in (changes or {}).items()},
    )
    session.add(entry)
    return entry


def list_entries(
    *,
    session: Session,
    entity: str | None = None,
    entity_id: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[AuditEntry]:
    """Newest first; ``before_id`` pages backwards (ids only grow, so pages are stable)."""
    statement = select(AuditEntry)
    if entity:
        statement = statement.where(AuditEntry.entity == entity)
    if entity_id:
        statement = statement.where(AuditEntry.entity_id == entity_id)
    if before_id is not None:
        statement = statement.where(col(AuditEntry.id) < before_id)
    return list(session.exec(statement.order_by(col(AuditEntry.id).desc()).limit(limit)).all())
