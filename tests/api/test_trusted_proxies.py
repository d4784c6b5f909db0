"""X-Forwarded-For and X-Forwarded-Proto count only when a configured proxy sends them."""

from __future__ import annotations

import random

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from core.api.proxies import client_address, parse_networks
from core.auth.models import LoginAttempt
from core.settings import get_settings


@pytest.fixture
def app_with(monkeypatch, guanxi_engine, api_registry):
    """``app_with(**env)``: an app built with extra ``GUANXI_*`` settings."""
    from core.api.app import create_app

    def build(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(f"GUANXI_{name.upper()}", value)
        get_settings.cache_clear()
        return create_app(engine=guanxi_engine, registry=api_registry)

    yield build
    monkeypatch.undo()
    get_settings.cache_clear()


def _fail_sign_in(client: TestClient, email: str, **headers: str) -> int:
    answer = client.post("/api/v1/auth/token", data={"username": email, "password": "wrong"}, headers=headers)
    return answer.status_code


def _counted(engine, address: str) -> int:
    """How many failures were counted against ``address``."""
    with Session(engine) as session:
        rows = session.exec(
            select(LoginAttempt.id).where(LoginAttempt.scope == "address", LoginAttempt.key == address)
        ).all()
    return len(rows)


def _address(prefix: str) -> str:
    """An address of ``prefix`` (a /16) that no other test counted failures for."""
    return f"{prefix}.{random.randrange(256)}.{random.randrange(1, 255)}"


def test_a_spoofed_forwarded_for_from_an_untrusted_client_does_not_change_the_counted_address(
    app_with, guanxi_engine, tenant, make_user
):
    user = make_user(tenant)
    peer, spoofed = _address("172.20"), [_address("172.21") for _ in range(6)]
    with TestClient(app_with(), client=(peer, 50000)) as client:
        for fake in spoofed[:5]:
            assert _fail_sign_in(client, user.email, **{"X-Forwarded-For": fake}) == 401
        assert _counted(guanxi_engine, peer) == 5
        assert not any(_counted(guanxi_engine, fake) for fake in spoofed)
        # inventing a new address for each guess does not escape the throttle
        assert _fail_sign_in(client, user.email, **{"X-Forwarded-For": spoofed[5]}) == 429


def test_forwarded_for_from_a_trusted_proxy_is_the_counted_address(
    app_with, guanxi_engine, tenant, make_user
):
    user = make_user(tenant)
    first, second, invented = _address("172.22"), _address("172.23"), _address("172.24")
    app = app_with(trusted_proxies="10.9.0.0/16, 10.8.0.1")
    with TestClient(app, client=("10.9.0.5", 50000)) as proxy:
        assert _fail_sign_in(proxy, user.email, **{"X-Forwarded-For": first}) == 401
        # a client can prepend anything; each proxy appends the address it really saw
        chain = f"{invented}, {second}, 10.8.0.1"
        assert _fail_sign_in(proxy, user.email, **{"X-Forwarded-For": chain}) == 401
    assert _counted(guanxi_engine, first) == _counted(guanxi_engine, second) == 1
    assert _counted(guanxi_engine, invented) == _counted(guanxi_engine, "10.9.0.5") == 0


def test_only_a_trusted_proxy_can_say_the_request_came_over_https(app_with):
    app = app_with(trusted_proxies="10.9.0.5")
    with TestClient(app, client=("10.9.0.5", 50000)) as proxy:
        cookie = proxy.get("/sign-in", headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]
        assert "; Secure" in cookie
    with TestClient(app, client=("192.0.2.44", 50000)) as stranger:
        cookie = stranger.get("/sign-in", headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]
        assert "; Secure" not in cookie


@pytest.mark.parametrize(
    ("peer", "chain", "expected"),
    [
        ("192.0.2.1", ["203.0.113.5"], "192.0.2.1"),  # not from a proxy: the header is ignored
        ("10.0.0.2", ["203.0.113.5"], "203.0.113.5"),
        ("10.0.0.2", ["203.0.113.9", "203.0.113.5", "10.0.0.3"], "203.0.113.5"),  # two proxies deep
        ("10.0.0.2", ["10.0.0.4", "10.0.0.3"], "10.0.0.4"),  # only proxies: the farthest one
        ("10.0.0.2", ["203.0.113.5", "not-an-address"], "10.0.0.2"),  # garbage: stop at the proxy
        ("2001:db8::2", ["2001:db8:ffff::1"], "2001:db8:ffff::1"),
    ],
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(peer, chain, expected):
    assert client_address(peer, chain, parse_networks(["10.0.0.0/8", "2001:db8::/64"])) == expected


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch):
    from pydantic import ValidationError

    from core.settings import Settings

    monkeypatch.setenv("GUANXI_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")
    with pytest.raises(ValidationError, match=r"proxy\.internal"):
        Settings()
