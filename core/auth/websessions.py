"""Server-side web sessions: the cookie names a row, and only a live row signs a browser in.

A signed cookie alone cannot be taken back: after sign-out a copy of it (from a shared computer,
a proxy log, a stolen laptop) would keep working until it expires.  So each sign-in stores the
digest of a random session id, every page checks it, and signing out revokes it.  Deactivating a
user or giving them a new password revokes all their sessions, so reactivating the account later
does not bring old cookies back to life.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from core.auth.models import WebSession
from core.models import User
from core.types import utcnow

#: A session ends this long after sign-in, however active (the cookie's lifetime too).
LIFETIME = timedelta(hours=12)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_web_session(*, session: Session, user: User) -> str:
    """Record a new session for ``user``; returns the id to put in the cookie (never stored).

    Also forgets the user's ended sessions, so the table holds about one row per browser.
    """
    now = utcnow()
    session.execute(
        delete(WebSession).where(
            col(WebSession.tenant_id) == user.tenant_id,
            col(WebSession.user_id) == user.id,
            or_(col(WebSession.expires_at) <= now, col(WebSession.revoked_at).is_not(None)),
        )
    )
    session_id = secrets.token_urlsafe(32)
    assert user.id is not None
    session.add(
        WebSession(
            tenant_id=user.tenant_id,
            user_id=user.id,
            token_hash=_digest(session_id),
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    session.flush()
    return session_id


def web_session_is_live(*, session: Session, user: User, session_id: object) -> bool:
    """Whether ``session_id`` (from the cookie) is an unrevoked, unexpired session of ``user``."""
    if not isinstance(session_id, str) or not session_id:
        return False
    found = session.exec(
        select(WebSession.id).where(
            WebSession.token_hash == _digest(session_id),
            WebSession.user_id == user.id,
            WebSession.tenant_id == user.tenant_id,
            col(WebSession.revoked_at).is_(None),
            WebSession.expires_at > utcnow(),
        )
    ).first()
    return found is not None


def end_web_session(*, session: Session, session_id: object) -> None:
    """Sign out: revoke the session ``session_id`` names (unknown ids are ignored)."""
    if isinstance(session_id, str) and session_id:
        session.execute(
            update(WebSession)
            .where(col(WebSession.token_hash) == _digest(session_id), col(WebSession.revoked_at).is_(None))
            .values(revoked_at=utcnow())
        )


def end_user_web_sessions(*, session: Session, user: User) -> None:
    """Revoke every session of ``user`` (deactivated, or given a new password)."""
    session.execute(
        update(WebSession)
        .where(
            col(WebSession.tenant_id) == user.tenant_id,
            col(WebSession.user_id) == user.id,
            col(WebSession.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow())
    )
