"""A router whose tenant-facing handlers run in one worker thread, unit of work included.

FastAPI runs a sync generator dependency and a sync handler as three separate thread-pool hops:
open the unit of work, run the handler, close it.  Each hop is a hand-over between the event loop
and a worker thread; on a two-core machine those hand-overs cost more than the queries of a simple
read.  :class:`UnitOfWorkRouter` rewrites a handler that takes the request context
(:data:`core.api.deps.Context` or a ``require(...)`` alias) into one async endpoint that does
open → permission check → handler → commit/rollback → close in a single hop, with exactly the
semantics of the dependency (it calls the same :func:`core.api.deps.get_context`).

A handler is left as it is when it is already async, or when another of its dependencies (or a
router dependency such as a pack gate) needs the context too: those must share one context, which
only FastAPI's per-request dependency cache gives.

:func:`api_routes` and :func:`declared_permissions` read the route table the other way round:
which permission each route declares, whichever of the two ways it was mounted.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from fastapi import APIRouter, Request, params
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from core.api.deps import Token, get_context

_REQUEST = "_guanxi_request"
_TOKEN = "_guanxi_token"
_NO_CONTEXT = object()
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _depends_of(annotation: Any) -> params.Depends | None:
    if get_origin(annotation) is not Annotated:
        return None
    return next((m for m in get_args(annotation)[1:] if isinstance(m, params.Depends)), None)


def _parameter_depends(parameter: inspect.Parameter) -> params.Depends | None:
    """The ``Depends`` a parameter declares, in its default or its ``Annotated`` type."""
    if isinstance(parameter.default, params.Depends):
        return parameter.default
    return _depends_of(parameter.annotation)


def context_permission(annotation: Any) -> object:
    """For a context parameter: the permission it requires (``None`` for none); else a sentinel."""
    depends = _depends_of(annotation)
    if depends is None:
        return _NO_CONTEXT
    if depends.dependency is get_context:
        return None
    return getattr(depends.dependency, "guanxi_permission", _NO_CONTEXT)


def uses_context(call: Callable[..., Any] | None, _seen: set[int] | None = None) -> bool:
    """Whether ``call`` (a dependency) needs the request context, directly or further down."""
    if call is None:
        return False
    seen = _seen if _seen is not None else set()
    if id(call) in seen:
        return False
    seen.add(id(call))
    if call is get_context or hasattr(call, "guanxi_permission"):
        return True
    try:
        signature = inspect.signature(call, eval_str=True)
    except (TypeError, ValueError, NameError):
        return True  # cannot tell: keep FastAPI's own handling
    return any(
        uses_context(d.dependency, seen)
        for p in signature.parameters.values()
        if (d := _parameter_depends(p)) is not None
    )


def in_one_thread(
    endpoint: Callable[..., Any], router_dependencies: list[params.Depends]
) -> Callable[..., Any]:
    """``endpoint`` rewritten to open, run and close its unit of work in one thread-pool hop."""
    if inspect.iscoroutinefunction(endpoint):
        return endpoint
    try:
        signature = inspect.signature(endpoint, eval_str=True)
    except (NameError, TypeError, ValueError):
        return endpoint  # annotations this module cannot resolve: FastAPI's own handling decides
    context_params = [
        p for p in signature.parameters.values() if context_permission(p.annotation) is not _NO_CONTEXT
    ]
    if len(context_params) != 1 or any(uses_context(d.dependency) for d in router_dependencies):
        return endpoint
    others = [p for p in signature.parameters.values() if p is not context_params[0]]
    if any(uses_context(d.dependency) for p in others if (d := _parameter_depends(p)) is not None):
        return endpoint
    context_name = context_params[0].name
    permission = context_permission(context_params[0].annotation)
    open_context = contextmanager(get_context)

    # FastAPI fills one Request parameter per handler: reuse the handler's own if it has one
    own_request = next((p.name for p in others if p.annotation is Request), None)

    async def endpoint_in_one_thread(**kwargs: Any) -> Any:
        request: Request = kwargs[own_request] if own_request else kwargs.pop(_REQUEST)
        token: str | None = kwargs.pop(_TOKEN)

        def run() -> Any:
            with open_context(request, token) as ctx:
                if permission is not None:
                    ctx.require(permission)  # type: ignore[arg-type]
                return endpoint(**kwargs, **{context_name: ctx})

        return await run_in_threadpool(run)

    keyword_only = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in others]
    if not own_request:
        keyword_only.append(inspect.Parameter(_REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    keyword_only.append(inspect.Parameter(_TOKEN, inspect.Parameter.KEYWORD_ONLY, annotation=Token))
    endpoint_in_one_thread.__signature__ = signature.replace(parameters=keyword_only)  # type: ignore[attr-defined]
    # no __wrapped__: FastAPI unwraps it to decide whether to await, and would see the sync handler
    for attribute in ("__name__", "__qualname__", "__doc__", "__module__"):
        setattr(endpoint_in_one_thread, attribute, getattr(endpoint, attribute))
    if permission is not None:  # the check moved inside: keep it visible to declared_permissions
        endpoint_in_one_thread.guanxi_permission = permission  # type: ignore[attr-defined]
    return endpoint_in_one_thread


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


class UnitOfWorkRouter(APIRouter):
    """An :class:`~fastapi.APIRouter` that runs each tenant-facing sync handler in one hop."""

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        dependencies = [*self.dependencies, *(kwargs.get("dependencies") or [])]
        super().add_api_route(path, in_one_thread(endpoint, dependencies), **kwargs)


__all__ = [
    "READ_METHODS",
    "RouteInfo",
    "UnitOfWorkRouter",
    "api_routes",
    "context_permission",
    "declared_permissions",
    "in_one_thread",
    "uses_context",
]
