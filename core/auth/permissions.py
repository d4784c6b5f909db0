"""The authorization model: which role holds which permission, packs' contributions included.

Core defines the tenant roles and their permissions; packs add permissions (granted to roles they
name) and whole roles through ``guanxi_register_permissions``.  The model is built once per pack
registry and is a pair of dict look-ups per check.  API keys hold the permissions of their scopes
(pseudo-roles ``api:read`` and ``api:write``, which a pack's permission may name as well).

Every API route that can change something declares the permission it needs (``require(...)``);
:data:`OPEN_WRITES` lists the few that are for everyone, and nothing else may be open.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.models import Role as CoreRole
from core.packs.facade import Grants, StartupHooks
from core.packs.registry import PackRegistry

READ = frozenset(
    {
        "customers:read",
        "customers:all",
        "interactions:read",
        "packs:read",
        "collections:read",
        "activities:read",
        "costs:read",
    }
)
WRITE = frozenset({"customers:write", "interactions:write", "collections:write", "activities:write"})
MANAGE = frozenset(
    {
        "customers:delete",
        "customers:merge",
        "users:read",
        "imports:run",
        "segments:write",
        "collections:manage",
        "costs:write",
    }
)
#: What every signed-in user holds, whatever their role (packs' roles included): their own inbox.
#: API keys have no user and so no inbox.
EVERY_USER = frozenset({"inbox:use"})
ADMIN = frozenset(
    {
        "users:manage",
        "packs:manage",
        "audit:read",
        "apikeys:manage",
        "jobs:manage",
        "smtp:manage",
        "grades:manage",
    }
)

CORE_ROLES: dict[str, frozenset[str]] = {
    CoreRole.owner: READ | WRITE | MANAGE | ADMIN | {"edition:change"},
    CoreRole.admin: READ | WRITE | MANAGE | ADMIN,
    CoreRole.manager: READ | WRITE | MANAGE,
    # a rep lacks customers:all: record rules limit them to their own and their team's customers
    CoreRole.rep: (READ - {"customers:all"}) | WRITE,
    # a technician repairs, they do not chase money
    CoreRole.technician: (READ - {"collections:read"}) | {"interactions:write", "activities:write"},
    CoreRole.viewer: READ,
    "api:read": READ,
    "api:write": READ | WRITE | {"imports:run", "segments:write", "costs:write"},
}

#: Write routes open to every caller, signed in or not: signing in, refreshing and signing out
#: (the refresh token in the body is the credential), and answering a survey (the link's token is
#: the credential).  The one allow-list: every other write route declares a permission.
OPEN_WRITES: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/api/v1/auth/token"),
        ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/auth/logout"),
        ("POST", "/survey/{token}"),
    }
)


@dataclass(frozen=True)
class PermissionModel:
    roles: dict[str, frozenset[str]]

    def permissions(self, role: str) -> frozenset[str]:
        return self.roles.get(role, frozenset())

    def known_role(self, role: str) -> bool:
        return role in self.roles and not role.startswith("api:")

    def for_scopes(self, scopes: list[str]) -> frozenset[str]:
        return frozenset().union(*(self.permissions(f"api:{scope}") for scope in scopes))


def build_model(grants: Grants) -> PermissionModel:
    """Core's roles plus packs' roles and permissions."""
    roles: dict[str, set[str]] = {str(name): set(perms) for name, perms in CORE_ROLES.items()}
    for role in grants.roles:
        roles.setdefault(role.name, set()).update(role.permissions)
    for permission in grants.permissions:
        for name in permission.roles:
            roles.setdefault(name, set()).add(permission.key)
    return PermissionModel(
        {
            name: frozenset(perms | (set() if name.startswith("api:") else EVERY_USER))
            for name, perms in roles.items()
        }
    )


def permission_model(registry: PackRegistry) -> PermissionModel:
    """The model for the registry's packs, built once and kept on the registry."""
    return registry.memo("permission_model", lambda: build_model(StartupHooks(registry).permissions()))
