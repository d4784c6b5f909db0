"""API-client fixtures for Guanxi and pack tests (loaded with the ``guanxi`` pytest plugin).

    def test_rep_cannot_see_other_reps_customers(make_tenant, make_user, api_client, make_customer):
        tenant = make_tenant(packs=["retail"])
        rep = make_user(tenant, role="rep", team="east")
        customer = make_customer(tenant, name="李娜")
        assert api_client(rep).get(f"/api/v1/customers/{customer.id}").status_code == 404

Clients are Starlette test clients of the app (core and every installed pack's routers),
authenticated with a real access token or API key.  Building the app is most of what a short API
test costs, so tests share one while its inputs are the same (see :func:`shared_app`).
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

import pytest

__all__ = ["api_client", "api_key_client", "app", "make_user", "operator_client", "shared_app"]

TEST_PASSWORD = "correct horse battery staple"

#: Apps built by :func:`shared_app`, most recently used last: (engine, registry, app) by key.
_APPS: OrderedDict[tuple[Any, ...], tuple[Any, Any, Any]] = OrderedDict()
_KEEP_APPS = 4


def _settings_fingerprint() -> tuple[str, str | None]:
    """Everything ``create_app`` reads besides its arguments: the settings and the signing key."""
    from core.auth.secret import SecretKeyProblem, signing_key
    from core.settings import get_settings

    try:
        key: str | None = signing_key()
    except SecretKeyProblem:
        key = None
    return get_settings().model_dump_json(), key


def shared_app(engine: Any, registry: Any) -> Any:
    """``create_app(engine=engine, registry=registry)``, built once and reused by later tests.

    Building the app analyses every route's dependencies, which costs more than most API tests'
    requests.  The app keeps no state of its own between requests (data lives in the database,
    the registry and the engine), so an app is reused only for the same engine and registry
    objects and the same settings and signing key; a test that changes any of them gets a new
    one.  Tests that change an app after it is built must call ``create_app`` themselves.
    """
    from core.api.app import create_app

    # each entry holds its engine and registry, so their ids are not reused while it is kept
    key = (id(engine), id(registry), *_settings_fingerprint())
    entry = _APPS.get(key)
    if entry is None:
        entry = _APPS[key] = (engine, registry, create_app(engine=engine, registry=registry))
    _APPS.move_to_end(key)
    while len(_APPS) > _KEEP_APPS:
        _APPS.popitem(last=False)
    return entry[2]


@pytest.fixture
def app(guanxi_engine: Any, guanxi_registry: Any) -> Any:
    """The Guanxi FastAPI app on the test database, with the current pack registry's routers."""
    from core.packs.loader import get_registry

    return shared_app(guanxi_engine, get_registry())


@pytest.fixture
def make_user(guanxi_engine: Any) -> Callable[..., Any]:
    """``make_user(tenant, role="rep", team=None)``: a committed user whose password is
    ``sdk.testing_api.TEST_PASSWORD``; pass ``tenant=None, role="operator"`` for an operator."""
    from core.packs.loader import get_registry
    from core.tenancy import unit_of_work
    from core.users.service import create_user

    def make(tenant: Any, role: str = "rep", team: str | None = None, **fields: Any) -> Any:
        fields.setdefault("email", f"u-{uuid.uuid4().hex[:10]}@example.com")
        fields.setdefault("password", TEST_PASSWORD)
        # the test's registry (use_packs may swap it): its packs' roles are valid roles
        with unit_of_work(guanxi_engine, None, registry=get_registry()) as session:
            user = create_user(session=session, tenant=tenant, role=role, team=team, **fields)
        return user

    return make


def _client(app: Any, token: str) -> Any:
    from fastapi.testclient import TestClient

    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {token}"
    return client


@pytest.fixture
def api_client(app: Any) -> Iterator[Callable[[Any], Any]]:
    """``api_client(user)``: a test client signed in as ``user`` (a fresh access token)."""
    from core.auth.tokens import issue_access_token

    clients: list[Any] = []

    def make(user: Any) -> Any:
        clients.append(_client(app, issue_access_token(user=user)[0]))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def api_key_client(app: Any, guanxi_engine: Any) -> Iterator[Callable[..., Any]]:
    """``api_key_client(tenant, scopes=("read", "write"))``: a client using a new API key."""
    from core.apikeys.service import create_api_key
    from core.tenancy import unit_of_work

    clients: list[Any] = []

    def make(tenant: Any, scopes: tuple[str, ...] | list[str] = ("read", "write")) -> Any:
        with unit_of_work(guanxi_engine, tenant.id) as session:
            _key, token = create_api_key(
                session=session, tenant=tenant, name="test key", scopes=list(scopes), created_by="test"
            )
        clients.append(_client(app, token))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def operator_client(app: Any, make_user: Callable[..., Any]) -> Any:
    """A client signed in as a deployment operator (no tenant)."""
    from core.auth.tokens import issue_access_token

    with _client(app, issue_access_token(user=make_user(None, role="operator"))[0]) as client:
        yield client
