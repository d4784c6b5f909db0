"""Who may do what on the web pages: the API's permission model, read for a signed-in user.

The permissions come from ``core.auth`` (shared with the JSON API); which customers a user may
see is core.customers.access, which the API and the pages call alike.
"""

from __future__ import annotations

TENANT_ROLES = ("owner", "admin", "manager", "rep", "technician", "viewer")


def assignable_roles(permissions: frozenset[str]) -> tuple[str, ...]:
    """Roles a user-manager may give; only an owner (who may change the edition) makes owners."""
    if "users:manage" not in permissions:
        return ()
    if "edition:change" in permissions:
        return TENANT_ROLES
    return tuple(r for r in TENANT_ROLES if r != "owner")
