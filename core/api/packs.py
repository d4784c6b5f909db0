"""Mount every loaded pack's API routers once, under ``/api/v1/<pack>/``, behind the pack gate.

A pack whose router hook fails is logged and left out; the host and the other packs keep working.

A pack's write route (any method but GET, HEAD, OPTIONS) must declare the permission it needs
with ``require("...")`` in its signature or its router's dependencies.  One that declares none is
*denied by default*, never open: it stays mounted, so it still shows in the OpenAPI document and
the route table, but answers every caller 403 with a reason naming the missing declaration, and
loading logs an error naming the pack, method and path.  Denying rather than leaving the route
out keeps the pack's other routes working and tells its author at the first request why it
refuses, instead of a puzzling 404/405.  A check made inside the handler (``ctx.require``) does
not count: the permission must be readable from the route table, where the security walks of
``sdk.testing`` read it too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request

from core.api.deps import Context, pack_gate
from core.api.responses import responses
from core.api.routing import READ_METHODS, api_routes
from core.packs.facade import StartupHooks
from core.packs.registry import PackRegistry

log = logging.getLogger("guanxi.api")


def mount_pack_routers(app: FastAPI, registry: PackRegistry, prefix: str = "/api/v1") -> list[str]:
    """Include each pack's routers; return the names of the packs that mounted something."""
    mounted = []
    for pack, records in StartupHooks(registry).api_routers_by_pack().items():
        for record in records:
            if not isinstance(record.router, APIRouter):  # ApiRouter types it loosely: no FastAPI import
                log.error("pack '%s' returned ApiRouter(%r), not an APIRouter", pack, record.router)
                continue
            dependencies = [Depends(pack_gate(pack))]
            undeclared = undeclared_writes(pack, record.router, f"{prefix}/{pack}")
            if undeclared:
                dependencies.append(Depends(_deny(pack, undeclared)))  # after the gate: 404 first
            app.include_router(
                record.router,
                prefix=f"{prefix}/{pack}",
                tags=[pack],
                dependencies=dependencies,
                responses=responses(404),
            )
            mounted.append(pack)
    return sorted(set(mounted))


def undeclared_writes(pack: str, router: APIRouter, prefix: str = "") -> frozenset[Callable[..., Any]]:
    """The handlers of ``router``'s write routes that declare no permission, each logged."""
    found = set()
    for route in api_routes(router.routes):
        if route.writes and not route.permissions:
            for method in sorted(route.writes):
                log.error(
                    "pack '%s': %s %s%s declares no permission (require(...)); it is refused to every caller",
                    pack,
                    method,
                    prefix,
                    route.path,
                )
            found.add(route.endpoint)
    return frozenset(found)


def _deny(pack: str, handlers: frozenset[Callable[..., Any]]) -> Callable[..., Coroutine[Any, Any, None]]:
    """A dependency of all the pack's routes that refuses the write routes among ``handlers``;
    the refusal is checked before the handler runs, after the pack gate (404 first)."""

    async def undeclared_permission_refused(request: Request, ctx: Context) -> None:
        if request.method not in READ_METHODS and request.scope.get("endpoint") in handlers:
            ctx.refuse(f"refused: pack '{pack}' declares no permission for this route")
            await ctx.settle()

    return undeclared_permission_refused
