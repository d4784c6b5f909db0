"""Who may do what on the web pages: the API's permission model and record rules, in one place.

The rules themselves live in ``core.auth`` (shared with the JSON API); this module adapts them to
a page's context so every page asks the same questions and a hidden record answers 404 exactly
like a missing one.
"""

from __future__ import annotations

from typing import Any

from core.auth.rules import customer_conditions, find_visible_customer
from core.models import Customer, User

TENANT_ROLES = ("owner", "admin", "manager", "rep", "technician", "viewer")


def customer_filter(user: User, permissions: frozenset[str]) -> list[Any]:
    """SQL conditions limiting customer queries to what ``user`` may see."""
    return customer_conditions(user, permissions)


def visible_customer(session: Any, user: User, permissions: frozenset[str], customer_id: int) -> Customer:
    """The customer if ``user`` may see it; :class:`NotFound` otherwise (never 403: no leaks)."""
    return find_visible_customer(session=session, user=user, permissions=permissions, customer_id=customer_id)


def assignable_roles(permissions: frozenset[str]) -> tuple[str, ...]:
    """Roles a user-manager may give; only an owner (who may change the edition) makes owners."""
    if "users:manage" not in permissions:
        return ()
    if "edition:change" in permissions:
        return TENANT_ROLES
    return tuple(r for r in TENANT_ROLES if r != "owner")
