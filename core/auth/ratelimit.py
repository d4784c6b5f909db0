"""Login rate limits, counted in the database, per (account, address), per account and per address.

Counting rows in a shared table (rather than in process memory) makes the limit hold across
workers and restarts.  Only failures are stored.

The tight limit is on an account *from one address*: a stranger guessing from their own machine
stops after a few tries there, while the account's owner, elsewhere, still signs in.  (A tight
per-account limit would let anyone lock any account by typing wrong passwords.)  A slower
per-account limit still stops a guess spread over many addresses, and a per-address limit stops
one address trying many accounts; it is looser, because an address may be a whole office behind
NAT.  A successful sign-in forgets the failures of that account at that address only, so it does
not reset the budget of someone guessing from elsewhere.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from math import ceil

from sqlalchemy import and_, delete, func, or_
from sqlmodel import Session, col, select

from core.auth.errors import RateLimited
from core.auth.models import LoginAttempt
from core.types import utcnow

#: Failures allowed per :data:`WINDOW`, by what is counted.
MAX_FAILURES = {"pair": 5, "account": 50, "address": 20}
WINDOW = timedelta(minutes=15)


def _keys(email: str, address: str | None) -> list[tuple[str, str]]:
    # the pair is digested: an address and a 254-character e-mail do not fit the key column
    pair = hashlib.sha256(f"{address or ''}\n{email}".encode()).hexdigest()
    keys = [("pair", pair), ("account", email)]
    return keys + ([("address", address)] if address else [])


def check_login_allowed(*, session: Session, email: str, address: str | None) -> None:
    """Raise :class:`RateLimited` when this account from this address, the account, or the
    address failed too often lately (one query for all three)."""
    since = utcnow() - WINDOW
    keys = _keys(email, address)
    rows = session.exec(
        select(LoginAttempt.scope, func.count(), func.min(LoginAttempt.attempted_at))
        .where(
            LoginAttempt.attempted_at > since,
            or_(
                *(and_(col(LoginAttempt.scope) == scope, col(LoginAttempt.key) == key) for scope, key in keys)
            ),
        )
        .group_by(LoginAttempt.scope)
    ).all()
    waits = [
        (oldest + WINDOW - utcnow()).total_seconds()
        for scope, count, oldest in rows
        if count >= MAX_FAILURES[scope]
    ]
    if waits:
        raise RateLimited(max(1, ceil(max(waits))))


def record_failure(*, session: Session, email: str, address: str | None) -> None:
    now = utcnow()
    for scope, key in _keys(email, address):
        session.add(LoginAttempt(scope=scope, key=key, attempted_at=now))
    session.flush()


def clear_failures(*, session: Session, email: str, address: str | None) -> None:
    """Forget this account's failures at this address after it signed in there (and everyone's
    old rows, to stay small)."""
    pair = _keys(email, address)[0][1]
    session.execute(
        delete(LoginAttempt).where(col(LoginAttempt.scope) == "pair", col(LoginAttempt.key) == pair)
    )
    session.execute(delete(LoginAttempt).where(col(LoginAttempt.attempted_at) < utcnow() - WINDOW))
