"""A user's in-app notifications: list, count unread, mark read.  A user only ever sees their own."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from core.errors import NotFound
from core.models import User
from core.reminders.models import Notification
from core.types import utcnow


def list_notifications(
    *, session: Session, user: User, unread_only: bool = False, limit: int = 50, before_id: int | None = None
) -> list[Notification]:
    """Newest first; ``before_id`` pages on from the last id of the previous page."""
    statement = select(Notification).where(col(Notification.user_id) == user.id)
    if unread_only:
        statement = statement.where(col(Notification.read_at).is_(None))
    if before_id is not None:
        statement = statement.where(col(Notification.id) < before_id)
    statement = statement.order_by(col(Notification.id).desc()).limit(max(1, min(limit, 200)))
    return list(session.execute(statement).scalars())


def unread_count(*, session: Session, user: User) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(Notification)
            .where(col(Notification.user_id) == user.id, col(Notification.read_at).is_(None))
        ).scalar_one()
    )


def mark_read(*, session: Session, user: User, notification_id: int | None = None) -> int:
    """Mark one notification (or, without an id, all of them) read; returns how many changed."""
    statement = update(Notification).where(
        col(Notification.user_id) == user.id, col(Notification.read_at).is_(None)
    )
    if notification_id is not None:
        note = session.get(Notification, notification_id)
        if note is None or note.user_id != user.id:
            raise NotFound(f"notification {notification_id} not found")
        statement = statement.where(col(Notification.id) == notification_id)
    result = session.execute(statement.values(read_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount or 0  # type: ignore[attr-defined]  # DML executes to a CursorResult
