"""Short-lived JWT access tokens (HS256 with the deployment's secret key).

The token names the user and their tenant; the role is *not* trusted from it: every request loads
the user, so a demoted or deactivated user loses access at once, not when the token expires.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from cachetools import TTLCache

from core.auth.errors import NotAuthenticated
from core.auth.secret import signing_key
from core.models import User
from core.settings import get_settings
from core.types import utcnow

ALGORITHM = "HS256"
AUDIENCE = "guanxi-api"
#: (signing key, token) -> (claims, expiry) of tokens verified lately.
_verified: TTLCache[tuple[str, str], tuple[AccessClaims, float]] = TTLCache(maxsize=10_000, ttl=60)
_verified_lock = threading.Lock()
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
    """The claims of a valid, unexpired token; anything else is :class:`NotAuthenticated`.

    A token verified in the last minute is not verified again, only its expiry: the same bytes
    under the same key verify the same way, and decoding cost a tenth of a simple read.
    """
    key = signing_key()
    with _verified_lock:
        verified = _verified.get((key, token))
    if verified is not None and verified[1] > time.time():
        return verified[0]
    claims = _decode(token, key)
    with _verified_lock:
        _verified[(key, token)] = claims
    return claims[0]


def _decode(token: str, key: str) -> tuple[AccessClaims, float]:
    try:
        claims = jwt.decode(
            token,
            key,
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
        found = AccessClaims(int(claims["sub"]), int(tenant_id) if tenant_id is not None else None)
        return found, float(claims["exp"])
    except (TypeError, ValueError) as exc:
        raise NotAuthenticated("the access token is not valid") from exc
