"""Who an access token's user is, remembered for a few seconds for read requests.

Every request checks that the token's user still exists and is active, so a disabled account is
refused before its short-lived token expires.  On a simple read that check cost more than the read
itself, so each process remembers the (user, tenant) pair for :data:`TTL_SECONDS`.  A user,
tenant or pack enablement changed through the ORM in this process is forgotten at once (the
mapper events below); other processes see the change within the TTL.  Writes always load both
afresh.

The remembered objects are detached copies shared by concurrent requests: read them, never change
them or add them to a session.
"""

from __future__ import annotations

import threading
from typing import Any

from cachetools import TTLCache
from sqlalchemy import event

from core.models import Tenant, TenantPack, User

TTL_SECONDS = 5.0
#: keyed by (database URL, user id): one process may serve several databases (tests do)
_remembered: TTLCache[tuple[str, int], tuple[User, Tenant]] = TTLCache(maxsize=10_000, ttl=TTL_SECONDS)
_lock = threading.Lock()


def remembered(database: str, user_id: int) -> tuple[User, Tenant] | None:
    with _lock:
        return _remembered.get((database, user_id))


def remember(database: str, user: User, tenant: Tenant) -> None:
    """Keep ``user`` and ``tenant`` (already detached from their session) for later reads."""
    with _lock:
        _remembered[(database, user.id)] = (user, tenant)  # type: ignore[index]


def forget_all(*_args: Any) -> None:
    global _changes
    with _lock:
        _remembered.clear()
        _changes += 1


def changes() -> int:
    """A count of the changes that made this module forget: other memories of the same facts
    (the packs a tenant enabled, core.caller) compare it to know when to forget as well."""
    return _changes


_changes = 0
for _model in (User, Tenant, TenantPack):
    for _event in ("after_insert", "after_update", "after_delete"):
        event.listen(_model, _event, forget_all)
