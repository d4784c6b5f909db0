"""Request dependencies: who is calling, for which tenant, in which unit of work.

Every tenant-facing route takes :data:`Context`; the session in it is tenant-scoped (core.tenancy)
and is committed once after the handler returns, or rolled back if anything raised.  GET requests
run read-only and are never committed.  This is the one place where the caller's tenant is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Engine, bindparam
from sqlmodel import Session, col, select

from core.apikeys.service import looks_like_api_key, resolve_api_key
from core.audit.service import Actor, bind_actor, bound_actor
from core.auth import principals
from core.auth.errors import NotAuthenticated
from core.auth.permissions import permission_model
from core.auth.tokens import decode_access_token
from core.errors import NotFound, PermissionDenied
from core.models import Role, Tenant, User
from core.packstate import hooks_for
from core.tenancy import tenant_session

bearer = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token",
    auto_error=False,
    scheme_name="bearer",
    description="An access token from `POST /api/v1/auth/token`, or a tenant API key (`gxk_...`).",
)
Token = Annotated[str | None, Depends(bearer)]
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class RequestContext:
    session: Session
    tenant: Tenant
    user: User | None
    #: Who acts, for the audit log: ``user:<email>`` or ``apikey:<name>``.
    actor: str
    api_key: Any | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Raise :class:`PermissionDenied` unless the caller holds ``permission``."""
        if permission not in self.permissions:
            raise PermissionDenied(f"your role does not allow this (needs '{permission}')")


#: Built once: constructing the statement cost more than running it on every request.
_USER_AND_TENANT = (
    select(User, Tenant)
    .join(Tenant, col(Tenant.id) == col(User.tenant_id))
    .where(col(User.id) == bindparam("user_id"))
)


def _engine(request: Request) -> Engine:
    return request.app.state.engine


def _api_key_tenant(engine: Engine, token: str) -> Any:
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={"sqlite_begin": "DEFERRED"})
        key = resolve_api_key(session=session, token=token)
    if key is None:
        raise NotAuthenticated("unknown or revoked API key")
    return key


def _user_and_tenant(session: Session, user_id: int, *, read_only: bool) -> tuple[User, Tenant]:
    """The token's active user and its tenant; reads may use a copy a few seconds old."""
    database = str(session.get_bind().engine.url)
    pair = principals.remembered(database, user_id) if read_only else None
    if pair is not None:
        return pair
    row = session.exec(_USER_AND_TENANT, params={"user_id": user_id}).first()
    if row is None or not row[0].active:
        session.close()
        raise NotAuthenticated("the account is disabled or no longer exists")
    user, tenant = row
    if read_only:
        session.expunge(user)
        session.expunge(tenant)
        principals.remember(database, user, tenant)
    return user, tenant


def _open(request: Request, token: str | None) -> RequestContext:
    if not token:
        raise NotAuthenticated("send 'Authorization: Bearer <access token or API key>'")
    engine = _engine(request)
    read_only = request.method in _READS
    model = permission_model(request.app.state.registry)
    if looks_like_api_key(token):
        key = _api_key_tenant(engine, token)
        session = tenant_session(engine, key.tenant_id, read_only=read_only)
        tenant = session.get(Tenant, key.tenant_id)
        assert tenant is not None  # the key's tenant_id is a foreign key
        actor = Actor(f"apikey:{key.name}", api_key_id=key.id)
        ctx = RequestContext(session, tenant, None, actor.name, key, model.for_scopes(key.scopes))
    else:
        claims = decode_access_token(token)
        if claims.tenant_id is None:
            raise PermissionDenied("operators act on tenants through /api/v1/operator/...")
        session = tenant_session(engine, claims.tenant_id, read_only=read_only)
        user, tenant = _user_and_tenant(session, claims.user_id, read_only=read_only)
        if user.tenant_id != claims.tenant_id:
            session.close()
            raise NotAuthenticated("the token does not match the account's tenant")
        actor = Actor(f"user:{user.email}")
        ctx = RequestContext(session, tenant, user, actor.name, None, model.permissions(user.role))
    bind_actor(session, actor)
    return ctx


def get_context(request: Request, token: Token) -> Iterator[RequestContext]:
    """The authenticated caller and a tenant-scoped unit of work around the handler."""
    ctx = _open(request, token)
    session = ctx.session
    try:
        yield ctx
        if request.method in _READS:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


Context = Annotated[RequestContext, Depends(get_context, scope="function")]


def require(permission: str) -> Any:
    """A dependency giving the context once the caller holds ``permission`` (403 otherwise).

    ``ctx: Annotated[RequestContext, require("customers:write")]``
    """

    async def check(ctx: Context) -> RequestContext:  # async: no worker-thread hop for a set lookup
        ctx.require(permission)
        return ctx

    check.guanxi_permission = permission  # type: ignore[attr-defined]  # read by core.api.routing
    return Depends(check)


def pack_gate(pack: str) -> Callable[..., None]:
    """A dependency for every route of ``pack``: 404 unless the caller's tenant enabled it.

    Changes made through the pack's routes are audited as made through the pack.
    """

    def gate(ctx: Context) -> None:
        if pack not in hooks_for(ctx.session, ctx.tenant).enabled:
            raise NotFound(f"not found: pack '{pack}' is not enabled for this tenant")
        bind_actor(ctx.session, replace(bound_actor(ctx.session), via_pack=pack))

    gate.__name__ = f"{pack}_enabled"
    return gate


@dataclass
class OperatorContext:
    """A deployment operator's unit of work; not tenant-scoped (tenants are named explicitly)."""

    session: Session
    user: User
    actor: str


def get_operator_context(request: Request, token: Token) -> Iterator[OperatorContext]:
    if not token or looks_like_api_key(token):
        raise NotAuthenticated("send an operator's access token")
    claims = decode_access_token(token)
    session = Session(_engine(request), expire_on_commit=False)
    if request.method in _READS:
        session.connection(execution_options={"sqlite_begin": "DEFERRED"})
    try:
        user = session.get(User, claims.user_id)
        if user is None or not user.active:
            raise NotAuthenticated("the account is disabled or no longer exists")
        if user.role != Role.operator or claims.tenant_id is not None:
            raise PermissionDenied("only deployment operators may do this")
        bind_actor(session, Actor(f"operator:{user.email}"))
        yield OperatorContext(session, user, f"operator:{user.email}")
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


OperatorCtx = Annotated[OperatorContext, Depends(get_operator_context, scope="function")]
