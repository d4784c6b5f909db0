"""Password sign-in: rate limits first, then argon2, with the same cost for unknown accounts."""

from __future__ import annotations

from functools import lru_cache

from sqlmodel import Session, select

from core.auth.ratelimit import check_login_allowed, clear_failures, record_failure
from core.models import User
from core.security import hash_password, verify_password


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("an unguessable password nobody uses")


def attempt_login(*, session: Session, email: str, password: str, address: str | None) -> User | None:
    """The user if ``email`` and ``password`` match an active account, else ``None``.

    A failure is recorded in ``session`` (the caller commits it even though sign-in failed);
    :class:`core.auth.errors.RateLimited` is raised before any password is checked once the
    account at this address, the account or the address failed too often (core.auth.ratelimit).
    ``address`` is the client's address as core.api.proxies computed it.
    """
    email = email.strip().lower()
    check_login_allowed(session=session, email=email, address=address)
    user = session.exec(select(User).where(User.email == email)).first()
    # verify against a dummy hash for unknown accounts so timing does not reveal which exist
    ok = verify_password(password, user.password_hash if user else _dummy_hash())
    if user is None or not ok or not user.active:
        record_failure(session=session, email=email, address=address)
        return None
    clear_failures(session=session, email=email, address=address)
    return user
