"""Request dependencies: who is calling, for which tenant, in which unit of work.

Every tenant-facing route takes :data:`Context`, the :class:`core.caller.Caller` of the request:
its session is tenant-scoped (core.tenancy) and is committed once after the handler returns, or
rolled back if anything raised; GET requests are never committed.  The dependencies here are
async: they verify the token (CPU only), record what the route requires and check it before the
handler runs, without I/O when the caller is remembered; the unit of work opens on first use, in
the handler's worker thread (core.caller).  This is the one place where an API caller's tenant
is chosen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from core.apikeys.service import looks_like_api_key
from core.auth.callers import CallerSource, Credentials, caller_source
from core.auth.errors import NotAuthenticated
from core.auth.tokens import decode_access_token
from core.caller import READ_METHODS, Caller, caller_scope
from core.errors import PermissionDenied
from core.models import User

bearer = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token",
    auto_error=False,
    scheme_name="bearer",
    description="An access token from `POST /api/v1/auth/token`, or a tenant API key (`gxk_...`).",
)
Token = Annotated[str | None, Depends(bearer)]

#: The API's name for the caller; packs import it from ``sdk.api``.
RequestContext = Caller


def _source(request: Request) -> CallerSource:
    state = request.app.state
    return caller_source(state, state.engine, state.registry)


def _credentials(token: str | None) -> Credentials:
    if not token:
        raise NotAuthenticated("send 'Authorization: Bearer <access token or API key>'")
    if looks_like_api_key(token):
        return Credentials("api_key", secret=token)
    claims = decode_access_token(token)
    if claims.tenant_id is None:
        raise PermissionDenied("operators act on tenants through /api/v1/operator/...")
    return Credentials("user", user_id=claims.user_id, tenant_id=claims.tenant_id)


async def get_context(request: Request, token: Token) -> AsyncIterator[RequestContext]:
    """The authenticated caller and a tenant-scoped unit of work around the handler."""
    caller = Caller.pending(_source(request), _credentials(token), read_only=request.method in READ_METHODS)
    async with caller_scope(caller):
        yield caller


Context = Annotated[RequestContext, Depends(get_context, scope="function")]


def require(permission: str) -> Any:
    """A dependency giving the context once the caller holds ``permission`` (403 otherwise).

    ``ctx: Annotated[RequestContext, require("customers:write")]``; checked before the handler
    runs, and readable from the route table (core.api.routing).
    """

    async def check(ctx: Context) -> RequestContext:
        ctx.need_permission(permission)
        await ctx.settle()
        return ctx

    check.guanxi_permission = permission  # type: ignore[attr-defined]  # read by core.api.routing
    return Depends(check)


def pack_gate(pack: str) -> Callable[..., Coroutine[Any, Any, None]]:
    """A dependency for every route of ``pack``: 404 unless the caller's tenant enabled it.

    Changes made through the pack's routes are audited as made through the pack.
    """

    async def gate(ctx: Context) -> None:
        ctx.need_pack(pack)
        await ctx.settle()

    gate.__name__ = f"{pack}_enabled"
    return gate


class OperatorContext(Caller):
    """A deployment operator's unit of work; not tenant-scoped (tenants are named explicitly)."""

    @property
    def user(self) -> User:
        user = super().user
        assert user is not None
        return user


async def get_operator_context(request: Request, token: Token) -> AsyncIterator[OperatorContext]:
    if not token or looks_like_api_key(token):
        raise NotAuthenticated("send an operator's access token")
    claims = decode_access_token(token)
    caller = OperatorContext.pending(
        _source(request),
        Credentials("operator", user_id=claims.user_id, tenant_id=claims.tenant_id or 0),
        read_only=request.method in READ_METHODS,
    )
    async with caller_scope(caller):
        yield caller


OperatorCtx = Annotated[OperatorContext, Depends(get_operator_context, scope="function")]
