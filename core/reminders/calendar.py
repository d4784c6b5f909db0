"""A user's reminders as an iCalendar feed at a secret URL (calendar apps cannot log in).

The URL carries ``<tenant id>-<secret>``; only the secret's SHA-256 is stored, so the database
alone cannot be turned into feed URLs.  Issuing a new token revokes the old one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from icalendar import Calendar, Event
from sqlalchemy import Engine, delete, select
from sqlmodel import Session, col

from core.errors import NotFound
from core.models import Tenant, User
from core.reminders.models import CalendarToken, Notification
from core.tenancy import tenant_session
from core.types import utcnow

FEED_DAYS_BACK = 366


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_calendar_token(*, session: Session, tenant: Tenant, user: User) -> str:
    """A new feed token for ``user`` (shown once); any previous token stops working."""
    if user.tenant_id != tenant.id:
        raise NotFound("user not found")
    session.execute(delete(CalendarToken).where(col(CalendarToken.user_id) == user.id))
    secret = secrets.token_urlsafe(32)
    assert user.id is not None
    session.add(CalendarToken(tenant_id=tenant.id, user_id=user.id, token_hash=_hash(secret)))
    session.flush()
    return f"{tenant.id}-{secret}"


def user_for_calendar_token(*, engine: Engine, token: str) -> tuple[Session, User]:
    """The token's user and a read-only session of its tenant; NotFound for anything unknown
    (a wrong token and a revoked one look the same).  The caller closes the session."""
    tenant_part, _, secret = token.partition("-")
    if not tenant_part.isdigit() or not secret:
        raise NotFound("unknown calendar")
    session = tenant_session(engine, int(tenant_part), read_only=True)
    user = session.execute(
        select(User)
        .join(CalendarToken, col(CalendarToken.user_id) == col(User.id))
        .where(
            col(CalendarToken.tenant_id) == int(tenant_part),
            col(CalendarToken.token_hash) == _hash(secret),
            col(User.active).is_(True),
        )
    ).scalar_one_or_none()
    if user is None:
        session.close()
        raise NotFound("unknown calendar")
    return session, user


def calendar_feed(*, session: Session, user: User, since: date | None = None) -> bytes:
    """The user's reminders from ``since`` (default: a year ago) on, one all-day event each."""
    since = since or (utcnow() - timedelta(days=FEED_DAYS_BACK)).date()
    rows = session.execute(
        select(Notification)
        .where(col(Notification.user_id) == user.id, col(Notification.due_on) >= since)
        .order_by(col(Notification.due_on), col(Notification.id))
    ).scalars()
    calendar = Calendar()
    calendar.add("prodid", "-//Guanxi CRM//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Guanxi")
    for note in rows:
        event = Event()
        event.add("uid", f"reminder-{note.tenant_id}-{note.delivery_id}@guanxi")
        event.add("summary", note.title)
        event.add("dtstart", note.due_on)
        event.add("dtend", note.due_on + timedelta(days=1))
        event.add("dtstamp", note.created_at)
        calendar.add_component(event)
    return calendar.to_ical()
