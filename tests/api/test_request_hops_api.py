"""Every ``/api/v1`` route's worker-thread hops, read from the app's route table.

A hop is a hand-over from the event loop to a worker thread and back (``anyio.to_thread``); on
two cores those cost more than a primary-key read.  FastAPI gives a sync handler one hop, and
one more for validating what it returns.  The request's caller adds none to a read whose caller
it remembers, one to a write (the commit), and one where checking the caller needs the database
before the handler runs (a pack's gate, an operator).  Core, the bundled packs and the test
packs are walked alike: no router of its own is needed for a route to get this.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import anyio.to_thread
import pytest
from cachetools import TTLCache

from core.auth import principals
from core.caller import READ_METHODS
from sdk.testing_api import TEST_PASSWORD as PASSWORD
from sdk.testing_routes import Requests, route_table
from sdk.testing_walks import HEADERS, _create_everything

#: FastAPI's own hops: the sync handler, and the validation of the model it returns.
FASTAPI = 2
#: Sign-in takes OAuth2's form class as a (sync) dependency: FastAPI gives it a hop too.
FORM_CLASS = 1


def _label(function: Callable[..., Any]) -> str:
    while isinstance(function, functools.partial):
        if function.func.__name__ == "_run_sync_endpoint":
            return "handler"
        function = function.func
    name = getattr(function, "__qualname__", repr(function))
    return {
        "ModelField.validate": "response validation",
        "_GeneratorContextManager.__exit__": "end of the unit of work",
    }.get(name, name)


@pytest.fixture(autouse=True)
def long_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Callers and packs stay remembered for the whole walk, however slow the machine: a caller
    not remembered takes the opening hop, which is not what these tests count."""
    monkeypatch.setattr(principals, "TTL_SECONDS", 600.0)
    monkeypatch.setattr(principals, "_remembered", TTLCache(maxsize=10_000, ttl=600))


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What each worker-thread hop of the requests made while the test runs was for."""
    seen: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        seen.append(_label(function))
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    yield seen


def _budget(path: str, method: str) -> int:
    """The most hops ``method path`` may take, its caller remembered."""
    budget = FASTAPI
    if method not in READ_METHODS:
        budget += 1  # the commit
    if path.startswith("/api/v1/operator/"):
        budget += 1  # an operator is checked against the database before the handler
    if (method, path) == ("POST", "/api/v1/auth/token"):
        budget += FORM_CLASS
    return budget


@pytest.fixture
def everything(app, make_tenant, make_user, make_customer, make_interaction, api_client) -> Any:
    """A tenant with every pack and a record behind each route; its owner, and how to send."""
    tenant = make_tenant(packs=sorted(app.state.registry.packs))
    user = make_user(tenant, role="owner")
    owner = api_client(user)
    customer = make_customer(tenant, owner_id=user.id)
    requests = Requests(
        app.openapi(),
        {
            "customer_id": customer.id,
            "interaction_id": make_interaction(tenant, customer).id,
            "user_id": user.id,
        },
    )
    routes = [r for r in route_table(app) if r.path.startswith("/api/v1/")]
    _create_everything(routes, requests, [owner], lambda _route: "hops")
    return user, owner, requests, routes


def _remember(owner: Any, routes: list[Any]) -> None:
    """Read as the owner, a core route and one of each pack's: the caller and the tenant's packs
    are remembered, as between the requests of someone at work."""
    warmed: set[str] = set()
    for route in routes:
        prefix = "/".join(route.path.split("/")[:4])
        if "GET" in route.methods and "{" not in route.path and prefix not in warmed:
            warmed.add(prefix)
            owner.get(route.path)


def test_every_api_route_takes_at_most_its_hops(everything, operator_client, hops):
    user, owner, requests, routes = everything
    sign_in = {"username": user.email, "password": PASSWORD}
    refresh_token = owner.post("/api/v1/auth/token", data=sign_in).json()["refresh_token"]
    special = {
        ("POST", "/api/v1/auth/token"): {"data": sign_in},
        ("POST", "/api/v1/auth/refresh"): {"json": {"refresh_token": refresh_token}},
    }
    over: list[tuple[str, str, list[str]]] = []
    handled = 0
    for route in routes:
        client = operator_client if route.path.startswith("/api/v1/operator/") else owner
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            _remember(owner, routes)
            hops.clear()
            sent = special.get((method, route.path)) or requests.body(route, method, "hops")
            client.request(method, requests.path(route), headers=HEADERS, **sent)
            handled += "handler" in hops
            if len(hops) > _budget(route.path, method):
                over.append((method, route.path, list(hops)))
    assert over == []
    assert handled > 80, "too few requests reached their handler to show anything"


def test_a_remembered_read_takes_only_fastapis_hops(everything, hops):
    _user, owner, requests, routes = everything
    for path in ("/api/v1/customers/{customer_id}", "/api/v1/apitest/visits"):
        _remember(owner, routes)
        hops.clear()
        assert owner.get(path.format(customer_id=requests.ids["customer_id"])).status_code == 200
        assert hops == ["handler", "response validation"], path


def test_a_write_adds_one_hop_its_commit(everything, hops):
    _user, owner, requests, routes = everything
    _remember(owner, routes)
    hops.clear()
    answer = owner.patch(
        f"/api/v1/customers/{requests.ids['customer_id']}", json={"city": "杭州"}, headers=HEADERS
    )
    assert answer.status_code == 200, answer.text
    assert hops == ["handler", "response validation", "Caller.close"]


def test_sign_in_takes_fastapis_hops_and_its_commit(everything, hops):
    user, owner, _requests, _routes = everything
    answer = owner.post("/api/v1/auth/token", data={"username": user.email, "password": PASSWORD})
    assert answer.status_code == 200
    assert hops == ["OAuth2PasswordRequestForm", "handler", "response validation", "end of the unit of work"]
