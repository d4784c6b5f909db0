"""Login rate limits: per account and per client address, counted in the database.

Counting rows in a shared table (rather than in process memory) makes the limit hold across
workers and restarts.  Only failures are stored; a successful sign-in clears the account's.
"""

from __future__ import annotations

from datetime import timedelta
from math import ceil

from sqlalchemy import delete, func
from sqlmodel import Session, select

from core.auth.errors import RateLimited
from core.auth.models import LoginAttempt
from core.types import utcnow

#: Failures allowed per window: an account is one person; an address may be a whole office behind NAT.
MAX_FAILURES = {"account": 5, "address": 20}
WINDOW = timedelta(minutes=15)


def check_login_allowed(*, session: Session, email: str, address: str | None) -> None:
    """Raise :class:`RateLimited` when the account or the address failed too often lately."""
    since = utcnow() - WINDOW
    keys = [("account", email)] + ([("address", address)] if address else [])
    for scope, key in keys:
        count, oldest = session.exec(
            select(func.count(), func.min(LoginAttempt.attempted_at)).where(
                LoginAttempt.scope == scope, LoginAttempt.key == key, LoginAttempt.attempted_at > since
            )
        ).one()
        if count >= MAX_FAILURES[scope]:
            wait = (oldest + WINDOW - utcnow()).total_seconds()
            raise RateLimited(max(1, ceil(wait)))


def record_failure(*, session: Session, email: str, address: str | None) -> None:
    now = utcnow()
    session.add(LoginAttempt(scope="account", key=email, attempted_at=now))
    if address:
        session.add(LoginAttempt(scope="address", key=address, attempted_at=now))
    session.flush()


def clear_account(*, session: Session, email: str) -> None:
    """Forget an account's failures after it signed in (and old rows of everyone, to stay small)."""
    session.execute(
        delete(LoginAttempt).where(LoginAttempt.scope == "account", LoginAttempt.key == email)
    )
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < utcnow() - WINDOW))
