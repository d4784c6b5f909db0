"""Users: people who sign in, with a tenant role (or the deployment-wide operator role)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from core.contact import InvalidContact, normalize_email
from core.errors import Conflict, InvalidInput, Problem
from core.models import Role, Tenant, User
from core.security import hash_password
from core.tenancy import session_registry

if TYPE_CHECKING:
    from core.packs.registry import PackRegistry

MIN_PASSWORD_LENGTH = 8


def known_roles(registry: PackRegistry) -> list[str]:
    """Core's roles plus the roles the registry's packs add (``guanxi_register_permissions``)."""
    from core.packs.facade import StartupHooks

    pack_roles = [role.name for role in StartupHooks(registry).permissions().roles]
    return list(dict.fromkeys([*(r.value for r in Role), *pack_roles]))


def create_user(
    *,
    session: Session,
    tenant: Tenant | None,
    email: str,
    password: str,
    role: str = Role.rep.value,
    display_name: str | None = None,
    team: str | None = None,
    locale: str | None = None,
) -> User:
    """Create a user; e-mail addresses are unique across the deployment (they are the login)."""
    problems = []
    try:
        email = normalize_email(email)
    except InvalidContact as exc:
        problems.append(Problem("email", str(exc)))
    valid_roles = known_roles(session_registry(session))
    if role not in valid_roles:
        problems.append(Problem("role", f"must be one of {', '.join(valid_roles)}"))
    if (role == Role.operator.value) != (tenant is None):
        problems.append(Problem("role", "operators have no tenant; every other role needs one"))
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(Problem("password", f"use at least {MIN_PASSWORD_LENGTH} characters"))
    if problems:
        raise InvalidInput(problems)
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise Conflict(f"a user with e-mail {email} already exists")
    user = User(
        tenant_id=tenant.id if tenant else None,
        email=email,
        display_name=(display_name or email.split("@")[0]).strip(),
        role=role,
        team=team,
        locale=locale,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


def update_user(
    *, session: Session, user: User, actor: User | None, changes: Mapping[str, Any]
) -> dict[str, tuple[Any, Any]]:
    """Apply ``changes`` (display_name, role, team, locale, active) to ``user``; returns what changed
    as ``{field: (old, new)}``.

    Owners are protected (core.users.owners): only an owner demotes or deactivates an owner, and
    never the last active one.  Deactivating a user ends their web sessions and refresh tokens,
    so reactivating them later does not bring an old cookie or token back.
    """
    from core.users.owners import check_owner_change

    check_owner_change(
        session=session, user=user, actor=actor, role=changes.get("role"), active=changes.get("active")
    )
    changed = {k: (getattr(user, k), v) for k, v in changes.items() if getattr(user, k) != v}
    for key, (_old, new) in changed.items():
        setattr(user, key, new)
    session.add(user)
    if changed.get("active", (None, True))[1] is False:
        _end_sign_ins(session, user)
    session.flush()
    return changed


def set_password(*, session: Session, user: User, password: str) -> None:
    """Give ``user`` a new password; every sign-in made with the old one ends."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput([Problem("password", f"use at least {MIN_PASSWORD_LENGTH} characters")])
    user.password_hash = hash_password(password)
    session.add(user)
    _end_sign_ins(session, user)
    session.flush()


def _end_sign_ins(session: Session, user: User) -> None:
    from core.auth.refresh import revoke_user_refresh_tokens
    from core.auth.websessions import end_user_web_sessions

    end_user_web_sessions(session=session, user=user)
    revoke_user_refresh_tokens(session=session, user=user)
