"""The API's route table as the security checks read it: every route, and what it declares.

:func:`api_routes` lists every API route with its full path, included routers resolved;
:func:`declared_permissions` reads which permissions a route declares through ``require(...)``
anywhere in its dependency tree.  The load-time refusal of packs' undeclared writes
(core.api.packs) and the generated security walks of ``sdk.testing`` both read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from core.caller import READ_METHODS


def declared_permissions(dependant: Dependant | None) -> frozenset[str]:
    """Every permission a route declares: ``require(...)`` anywhere in its dependency tree.

    Checks a handler makes in its body (``ctx.require(...)``) are invisible here on purpose: a
    route's permission must be readable from the route table, by the load-time refusal of packs'
    undeclared writes and by the security walks of ``sdk.testing``.
    """
    if dependant is None:
        return frozenset()
    found = {own} if isinstance(own := getattr(dependant.call, "guanxi_permission", None), str) else set()
    for sub in dependant.dependencies:
        found |= declared_permissions(sub)
    return frozenset(found)


def api_routes(routes: Iterable[BaseRoute]) -> Iterator[RouteInfo]:
    """Every API route under ``routes`` with its full path, included routers resolved.

    FastAPI includes routers lazily: an included router's routes exist only as effective
    contexts, each with its own path and dependency tree (the inclusion's dependencies added).
    """
    for route in routes:
        if isinstance(route, APIRoute):
            yield RouteInfo(route.path, frozenset(route.methods or ()), route.endpoint, route.dependant)
        for context in getattr(route, "effective_route_contexts", list)():
            original = context.original_route
            if isinstance(original, APIRoute):
                yield RouteInfo(
                    context.path, frozenset(original.methods or ()), original.endpoint, context.dependant
                )


@dataclass(frozen=True)
class RouteInfo:
    """One API route as the app serves it."""

    path: str
    methods: frozenset[str]
    endpoint: Callable[..., Any]
    dependant: Dependant | None

    @property
    def permissions(self) -> frozenset[str]:
        return declared_permissions(self.dependant)

    @property
    def writes(self) -> frozenset[str]:
        """The methods that may change something (everything but GET, HEAD, OPTIONS)."""
        return self.methods - READ_METHODS


__all__ = ["READ_METHODS", "RouteInfo", "api_routes", "declared_permissions"]
