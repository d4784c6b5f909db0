"""The request path: one worker-thread hop per tenant-facing handler, and the remembered caller."""

from __future__ import annotations

import inspect
import threading
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from core.api.deps import Context, RequestContext, get_context, pack_gate, require
from core.api.errors import install_error_handlers
from core.api.routing import UnitOfWorkRouter, in_one_thread
from core.auth import principals

Reader = Annotated[RequestContext, require("customers:read")]


def indirect(ctx: Any = Depends(get_context)) -> Any:
    """A dependency that needs the context through a parameter default."""
    return ctx


def test_a_context_handler_becomes_one_async_endpoint_without_the_context_parameter():
    def handler(customer_id: int, ctx: Reader) -> dict[str, Any]:
        return {}

    rewritten = in_one_thread(handler, [])
    assert inspect.iscoroutinefunction(rewritten)
    assert rewritten.__name__ == "handler"
    assert not hasattr(rewritten, "__wrapped__")  # FastAPI would unwrap it to the sync handler
    assert "ctx" not in inspect.signature(rewritten).parameters
    assert "customer_id" in inspect.signature(rewritten).parameters


def test_handlers_sharing_the_context_with_another_dependency_are_left_to_fastapi():
    def gated(ctx: Context) -> None: ...

    def uses_check(ctx: Reader, other: Annotated[RequestContext, require("customers:write")]) -> None: ...

    def also_needs_it(ctx: Context, extra: Annotated[Any, Depends(indirect)]) -> None: ...

    def no_context(customer_id: int) -> None: ...

    assert in_one_thread(gated, [Depends(pack_gate("retail"))]) is gated
    assert in_one_thread(uses_check, []) is uses_check
    assert in_one_thread(also_needs_it, []) is also_needs_it
    assert in_one_thread(no_context, []) is no_context


def test_a_handler_with_unresolvable_annotations_is_left_to_fastapi():
    def handler(ctx: Context, thing: NotDefinedAnywhere) -> None: ...  # type: ignore[name-defined]  # noqa: F821

    assert in_one_thread(handler, []) is handler


def test_open_handler_and_close_run_in_the_same_worker_thread(
    guanxi_engine, api_registry, tenant, make_user, api_client
):
    seen: dict[str, int] = {}
    router = UnitOfWorkRouter(prefix="/api/v1")

    @router.get("/probe")
    def probe(ctx: Reader) -> dict[str, Any]:
        seen["handler"] = threading.get_ident()
        seen["session"] = ctx.session.info.get("opened_in", 0)
        return {"tenant": ctx.tenant.slug}

    from sqlalchemy import event
    from sqlalchemy.orm import Session as OrmSession

    def mark(session: OrmSession, _transaction: Any, _connection: Any) -> None:
        session.info.setdefault("opened_in", threading.get_ident())

    app = FastAPI()
    app.state.engine = guanxi_engine
    app.state.registry = api_registry
    install_error_handlers(app)
    app.include_router(router)
    event.listen(OrmSession, "after_begin", mark)
    try:
        user = make_user(tenant, role="rep")
        from core.auth.tokens import issue_access_token

        client = TestClient(app, headers={"Authorization": f"Bearer {issue_access_token(user=user)[0]}"})
        answer = client.get("/api/v1/probe")
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"tenant": tenant.slug}
        assert seen["handler"] == seen["session"] != threading.get_ident()
        assert TestClient(app).get("/api/v1/probe").status_code == 401
    finally:
        event.remove(OrmSession, "after_begin", mark)


def test_a_role_change_applies_to_the_next_read_although_the_caller_is_remembered(
    tenant, make_user, api_client
):
    owner = api_client(make_user(tenant, role="owner"))
    admin_user = make_user(tenant, role="admin")
    admin = api_client(admin_user)
    assert admin.get("/api/v1/audit").status_code == 200
    assert owner.patch(f"/api/v1/users/{admin_user.id}", json={"role": "rep"}).status_code == 200
    assert admin.get("/api/v1/audit").status_code == 403


def test_remembered_callers_are_detached_copies(guanxi_engine, tenant, make_user, api_client):
    user = make_user(tenant, role="rep")
    assert api_client(user).get("/api/v1/customers").status_code == 200
    remembered = principals.remembered(str(guanxi_engine.url), user.id)
    assert remembered is not None
    cached_user, cached_tenant = remembered
    from sqlalchemy import inspect as sa_inspect

    assert sa_inspect(cached_user).detached and sa_inspect(cached_tenant).detached
    assert (cached_user.email, cached_tenant.slug) == (user.email, tenant.slug)
