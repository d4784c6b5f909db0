"""What a pack's API routes depend on: the authenticated, tenant-scoped request context.

    from fastapi import APIRouter
    from sdk.api import Context

    router = APIRouter()

    @router.get("/things")
    def list_things(ctx: Context) -> list[ThingPublic]:
        return ctx.session.exec(select(Thing)).all()   # already limited to ctx.tenant

``ctx.require("retail:sell")`` inside a handler, or ``ctx: Annotated[RequestContext,
require("retail:sell")]`` in its signature, refuses callers whose role lacks a permission, core's
or one the pack added through ``guanxi_register_permissions``.

The pack's router is mounted under ``/api/v1/<pack>/`` and answers 404 for tenants that have not
enabled the pack; the session is committed once after the handler returns.
"""

from __future__ import annotations

from core.api.deps import Context, RequestContext, require

__all__ = ["Context", "RequestContext", "require"]
