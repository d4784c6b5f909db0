"""Short-lived JWT access tokens (HS256 with the deployment's secret key).

The token names the user and their tenant; the role is *not* trusted from it: every request loads
the user, so a demoted or deactivated user loses access at once, not when the token expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from core.auth.errors import NotAuthenticated
from core.auth.secret import signing_key
from core.models import User
from core.settings import get_settings
from core.types import utcnow

ALGORITHM = "HS256"
AUDIENCE = "guanxi-api"
#: Clock difference between processes tolerated on ``iat``.
LEEWAY = timedelta(seconds=60)


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    tenant_id: int | None


def issue_access_token(*, user: User) -> tuple[str, int]:
    """A signed token for ``user`` and its lifetime in seconds (never above the maximum)."""
    settings = get_settings()
    lifetime = min(settings.access_token_minutes, settings.max_access_token_minutes) * 60
    now = utcnow()
    claims = {
        "sub": str(user.id),
        "tid": user.tenant_id,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(seconds=lifetime),
        "typ": "access",
    }
    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM), lifetime


def _within_lifetime(claims: dict) -> bool:
    """Whether the token was issued in the past and expires within the server's maximum of now
    and of its issue: a well-signed token cannot grant itself a longer life than this server does."""
    now = utcnow()
    longest = timedelta(minutes=get_settings().max_access_token_minutes)
    try:
        issued = datetime.fromtimestamp(claims["iat"], UTC)
        expires = datetime.fromtimestamp(claims["exp"], UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return False
    return issued <= now + LEEWAY and expires - issued <= longest and expires <= now + longest + LEEWAY


def decode_access_token(token: str) -> AccessClaims:
    """The claims of a valid, unexpired token; anything else is :class:`NotAuthenticated`."""
    try:
        claims = jwt.decode(
            token,
            signing_key(),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "iat", "sub", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise NotAuthenticated("the access token has expired; refresh it") from exc
    except jwt.PyJWTError as exc:
        raise NotAuthenticated("the access token is not valid") from exc
    if claims.get("typ") != "access":
        raise NotAuthenticated("not an access token")
    if not _within_lifetime(claims):
        raise NotAuthenticated("the access token claims a longer life than this server grants; sign in again")
    tenant_id = claims.get("tid")
    try:
        return AccessClaims(int(claims["sub"]), int(tenant_id) if tenant_id is not None else None)
    except (TypeError, ValueError) as exc:
        raise NotAuthenticated("the access token is not valid") from exc
