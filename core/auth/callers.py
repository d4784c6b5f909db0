"""Where callers come from: the app's source of them, and the one function that checks each kind.

A request proves who it is with :class:`Credentials` (a verified access token's ids, an API key,
a signed cookie's ids); :func:`authenticate` opens the unit of work and checks the account the
same way for the JSON API, the web pages and operators, with the permissions of the app's pack
registry.  :class:`CallerSource` holds what every caller of one app shares: the engine, the
permission model (built once), and the packs each tenant enabled, remembered for as long as the
caller itself (core.auth.principals).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Literal

from cachetools import TTLCache
from sqlalchemy import Engine, bindparam
from sqlmodel import Session, col, select

from core.apikeys.service import resolve_api_key
from core.audit.service import Actor, bind_actor
from core.auth import principals
from core.auth.permissions import PermissionModel, permission_model
from core.auth.websessions import web_session_is_live
from core.models import Role, Tenant, User
from core.packs.facade import TenantHooks
from core.packs.registry import PackRegistry
from core.tenancy import unit_of_work

Kind = Literal["user", "api_key", "web", "operator"]
#: Makes the exception a refusal is answered with (the API's and the web's differ).
Refusal = Callable[[str], Exception]

#: Built once: constructing the statement cost more than running it on every request.
_USER_AND_TENANT = (
    select(User, Tenant)
    .join(Tenant, col(Tenant.id) == col(User.tenant_id))
    .where(col(User.id) == bindparam("user_id"))
)


@dataclass(frozen=True)
class Credentials:
    """What a request proved before any database work: the ids of a verified access token or of
    a signed cookie (``secret``: its server-side session id), or an API key (``secret``)."""

    kind: Kind
    user_id: int = 0
    tenant_id: int = 0
    secret: str = ""


class CallerSource:
    """What every caller of one app is built from: its engine and its packs' permission model."""

    def __init__(self, engine: Engine, registry: PackRegistry) -> None:
        self.engine = engine
        self.registry = registry
        self.model: PermissionModel = permission_model(registry)
        self.database = str(engine.url)  # the remembered callers' key
        self._packs: TTLCache[int, frozenset[str]] = TTLCache(maxsize=10_000, ttl=principals.TTL_SECONDS)
        self._packs_as_of = principals.changes()
        self._lock = threading.Lock()

    def remembered_packs(self, tenant_id: int) -> frozenset[str] | None:
        """The packs ``tenant_id`` enabled, as seen a few seconds ago (like the caller itself)."""
        with self._lock:
            if self._packs_as_of != principals.changes():
                self._packs.clear()
                self._packs_as_of = principals.changes()
            return self._packs.get(tenant_id)

    def remember_packs(self, tenant_id: int, packs: frozenset[str]) -> None:
        with self._lock:
            self._packs[tenant_id] = packs


def caller_source(state: Any, engine: Engine, registry: PackRegistry) -> CallerSource:
    """The app's source (kept on ``app.state``), rebuilt if the app was given another engine."""
    source: CallerSource | None = getattr(state, "callers", None)
    if source is None or source.engine is not engine or source.registry is not registry:
        source = CallerSource(engine, registry)
        state.callers = source
    return source


@dataclass(frozen=True)
class Pending:
    """A caller not opened yet: where it comes from, what it proved, whether it only reads."""

    source: CallerSource
    credentials: Credentials
    read_only: bool


@dataclass
class Opened:
    """An open caller: its unit of work's session and the account it was checked as."""

    session: Session
    tenant: Tenant | None
    user: User | None
    actor: str
    api_key: Any
    permissions: frozenset[str]
    hooks: TenantHooks | None = None


def authenticate(
    source: CallerSource,
    credentials: Credentials,
    stack: ExitStack,
    *,
    read_only: bool,
    unauthenticated: Refusal,
    forbidden: Refusal,
) -> Opened:
    """Open ``credentials``' unit of work on ``stack`` and check the account, the one way for
    every kind of caller; ``unauthenticated`` and ``forbidden`` make the caller's answers."""
    if credentials.kind == "api_key":
        key = _api_key(source.engine, credentials.secret)
        if key is None:
            raise unauthenticated("unknown or revoked API key")
        session = stack.enter_context(
            unit_of_work(source.engine, key.tenant_id, read_only=read_only, registry=source.registry)
        )
        tenant = session.get(Tenant, key.tenant_id)
        assert tenant is not None  # the key's tenant_id is a foreign key
        actor = Actor(f"apikey:{key.name}", api_key_id=key.id)
        bind_actor(session, actor)
        return Opened(session, tenant, None, actor.name, key, source.model.for_scopes(key.scopes))
    tenant_id = credentials.tenant_id if credentials.kind != "operator" else None
    session = stack.enter_context(
        unit_of_work(source.engine, tenant_id, read_only=read_only, registry=source.registry)
    )
    if credentials.kind == "user":
        user, tenant = _user_and_tenant(source, session, credentials, read_only=read_only)
        if user is None or tenant is None or user.tenant_id != credentials.tenant_id:
            raise unauthenticated("the account is disabled or no longer exists")
    elif credentials.kind == "web":
        user, tenant = session.get(User, credentials.user_id), session.get(Tenant, credentials.tenant_id)
        if (
            tenant is None
            or user is None
            or not user.active
            or user.tenant_id != credentials.tenant_id
            or not web_session_is_live(session=session, user=user, session_id=credentials.secret)
        ):
            raise unauthenticated("sign in again")
    else:
        user, tenant = session.get(User, credentials.user_id), None
        if user is None or not user.active:
            raise unauthenticated("the account is disabled or no longer exists")
        if user.role != Role.operator or credentials.tenant_id:
            raise forbidden("only deployment operators may do this")
        actor = Actor(f"operator:{user.email}")
        bind_actor(session, actor)
        return Opened(session, None, user, actor.name, None, frozenset({"operator"}))
    actor = Actor(f"user:{user.email}")
    bind_actor(session, actor)
    return Opened(session, tenant, user, actor.name, None, source.model.permissions(user.role))


def _api_key(engine: Engine, token: str) -> Any:
    with unit_of_work(engine, None, read_only=True) as session:
        return resolve_api_key(session=session, token=token)


def _user_and_tenant(
    source: CallerSource, session: Session, credentials: Credentials, *, read_only: bool
) -> tuple[User | None, Tenant | None]:
    """The token's active user and its tenant; reads may use a copy a few seconds old."""
    pair = principals.remembered(source.database, credentials.user_id) if read_only else None
    if pair is not None:
        return pair
    row = session.exec(_USER_AND_TENANT, params={"user_id": credentials.user_id}).first()
    if row is None or not row[0].active:
        return None, None
    user, tenant = row
    if read_only:
        session.expunge(user)
        session.expunge(tenant)
        principals.remember(source.database, user, tenant)
    return user, tenant
