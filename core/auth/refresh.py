"""Refresh tokens: opaque, stored as digests, rotated on every use, revoked on logout.

Each login starts a *family*.  Refreshing revokes the presented token and issues the next one of
its family; presenting an already revoked token means someone else holds a copy, so the whole
family is revoked and both parties have to sign in again (OAuth 2.0 Security BCP, 4.14).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.auth.errors import NotAuthenticated
from core.auth.models import RefreshToken
from core.models import User
from core.settings import get_settings
from core.types import utcnow


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_refresh_token(*, session: Session, user: User, family: str | None = None) -> str:
    """A new refresh token for ``user`` (a new family unless one is given)."""
    token = secrets.token_urlsafe(32)
    assert user.id is not None
    session.add(
        RefreshToken(
            tenant_id=user.tenant_id,
            user_id=user.id,
            token_hash=digest(token),
            family=family or secrets.token_hex(16),
            expires_at=utcnow() + timedelta(days=get_settings().refresh_token_days),
        )
    )
    session.flush()
    return token


def _revoke_family(session: Session, family: str) -> None:
    session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.family) == family, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def rotate_refresh_token(*, session: Session, token: str) -> tuple[User, str]:
    """Spend ``token``: return its user and the next token of the family.

    Raises :class:`NotAuthenticated` for unknown, expired or revoked tokens; a revoked one also
    revokes its family (the caller must commit even then, so the revocation sticks).
    """
    row = session.exec(
        select(RefreshToken).where(RefreshToken.token_hash == digest(token)).with_for_update()
    ).first()
    if row is None:
        raise NotAuthenticated("unknown refresh token")
    if row.revoked_at is not None:
        _revoke_family(session, row.family)
        raise NotAuthenticated("this refresh token was already used; sign in again")
    # the lifetime configured now bounds tokens issued under a longer one, too
    longest = timedelta(days=get_settings().refresh_token_days)
    if row.expires_at <= utcnow() or row.issued_at + longest <= utcnow():
        raise NotAuthenticated("the refresh token has expired; sign in again")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated("the account is disabled")
    row.revoked_at = utcnow()
    session.add(row)
    return user, issue_refresh_token(session=session, user=user, family=row.family)


def revoke_refresh_token(*, session: Session, token: str) -> bool:
    """Log out: revoke the token's whole family.  Unknown tokens are ignored (returns False)."""
    row = session.exec(select(RefreshToken).where(RefreshToken.token_hash == digest(token))).first()
    if row is None:
        return False
    _revoke_family(session, row.family)
    return True


def revoke_user_refresh_tokens(*, session: Session, user: User) -> None:
    """Revoke every refresh token of ``user`` (deactivated, or given a new password)."""
    session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.user_id) == user.id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
