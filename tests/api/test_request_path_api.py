"""The request path: one caller per request, checked before the handler runs, one unit of work
opened in the handler's thread, committed or rolled back once, and the remembered caller."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import select

from core.api.deps import Context, RequestContext, require
from core.api.errors import install_error_handlers
from core.auth import principals
from core.auth.tokens import issue_access_token
from core.errors import InvalidInput, Problem
from core.models import Customer

Reader = Annotated[RequestContext, require("customers:read")]
Deleter = Annotated[RequestContext, require("customers:delete")]


@pytest.fixture
def probe(guanxi_engine, api_registry) -> Iterator[tuple[FastAPI, dict[str, Any]]]:
    """A plain router's routes on a small app; ``seen`` records what their handlers did."""
    seen: dict[str, Any] = {"calls": []}
    router = APIRouter(prefix="/api/v1")

    @router.get("/probe")
    def read(ctx: Reader) -> dict[str, Any]:
        seen["handler"] = threading.get_ident()
        ctx.session.exec(select(Customer.id).limit(1)).all()
        seen["began_in"] = ctx.session.info.get("began_in")
        return {"tenant": ctx.tenant.slug}

    @router.delete("/probe")
    def delete_everything(ctx: Deleter) -> None:
        seen["calls"].append("delete")  # before the handler touches its caller

    @router.post("/probe")
    def add_then_fail(ctx: Context, name: str) -> None:
        ctx.session.add(Customer(tenant_id=ctx.tenant.id, name=name, name_key=name))
        ctx.session.flush()
        raise InvalidInput([Problem("name", "refused after writing")])

    def began(session: OrmSession, _transaction: Any, _connection: Any) -> None:
        session.info.setdefault("began_in", threading.get_ident())

    app = FastAPI()
    app.state.engine, app.state.registry = guanxi_engine, api_registry
    install_error_handlers(app)
    app.include_router(router)
    event.listen(OrmSession, "after_begin", began)
    yield app, seen
    event.remove(OrmSession, "after_begin", began)


def _client(app: FastAPI, user: Any) -> TestClient:
    token = issue_access_token(user=user)[0]
    return TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {token}"})


def test_a_read_opens_its_unit_of_work_in_the_handlers_own_thread(probe, tenant, make_user):
    app, seen = probe
    client = _client(app, make_user(tenant, role="rep"))
    assert client.get("/api/v1/probe").status_code == 200  # the caller is now remembered
    answer = client.get("/api/v1/probe")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"tenant": tenant.slug}
    assert seen["began_in"] == seen["handler"] != threading.get_ident()
    assert TestClient(app).get("/api/v1/probe").status_code == 401


@pytest.mark.parametrize("remembered", [False, True])
def test_a_refused_caller_never_reaches_the_handler(probe, tenant, make_user, remembered):
    app, seen = probe
    client = _client(app, make_user(tenant, role="rep"))
    if remembered:
        assert client.get("/api/v1/probe").status_code == 200
    answer = client.delete("/api/v1/probe")
    assert answer.status_code == 403, answer.text
    assert seen["calls"] == []


def test_a_handler_that_raises_leaves_nothing_behind(probe, tenant, make_user, uow):
    app, _seen = probe
    answer = _client(app, make_user(tenant, role="owner")).post("/api/v1/probe", params={"name": "留不下"})
    assert answer.status_code == 422, answer.text
    with uow(tenant) as session:
        assert session.exec(select(Customer).where(Customer.name == "留不下")).all() == []


def test_callers_are_refused_before_their_request_is_validated(probe, tenant, make_user):
    app, _seen = probe
    assert TestClient(app).post("/api/v1/probe").status_code == 401  # no token, no name: 401 first
    viewer = _client(app, make_user(tenant, role="viewer"))
    assert viewer.delete("/api/v1/probe").status_code == 403


def test_a_role_change_applies_to_the_next_read_although_the_caller_is_remembered(
    tenant, make_user, api_client
):
    owner = api_client(make_user(tenant, role="owner"))
    admin_user = make_user(tenant, role="admin")
    admin = api_client(admin_user)
    assert admin.get("/api/v1/audit").status_code == 200
    assert owner.patch(f"/api/v1/users/{admin_user.id}", json={"role": "rep"}).status_code == 200
    assert admin.get("/api/v1/audit").status_code == 403


def test_a_disabled_pack_answers_404_although_its_packs_were_remembered(make_tenant, make_user, api_client):
    tenant = make_tenant(packs=["apitest"])
    owner = api_client(make_user(tenant, role="owner"))
    assert owner.get("/api/v1/apitest/visits").status_code == 200
    assert owner.delete("/api/v1/plugins/apitest").status_code == 200
    assert owner.get("/api/v1/apitest/visits").status_code == 404


def test_remembered_callers_are_detached_copies(guanxi_engine, tenant, make_user, api_client):
    user = make_user(tenant, role="rep")
    assert api_client(user).get("/api/v1/customers").status_code == 200
    remembered = principals.remembered(str(guanxi_engine.url), user.id)
    assert remembered is not None
    cached_user, cached_tenant = remembered
    from sqlalchemy import inspect as sa_inspect

    assert sa_inspect(cached_user).detached and sa_inspect(cached_tenant).detached
    assert (cached_user.email, cached_tenant.slug) == (user.email, tenant.slug)
