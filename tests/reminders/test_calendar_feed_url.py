"""The calendar feed address is built from configuration, never from a forged Host header."""

from __future__ import annotations

import pytest

from core.settings import get_settings


@pytest.fixture
def settings_env(monkeypatch):
    def configure(**env: str) -> None:
        for name, value in env.items():
            monkeypatch.setenv(f"GUANXI_{name.upper()}", value)
        get_settings.cache_clear()

    yield configure
    monkeypatch.undo()
    get_settings.cache_clear()


def _feed_url(client, host: str | None = None) -> str:
    answer = client.post("/api/v1/calendar/token", headers={"Host": host} if host else {})
    assert answer.status_code == 200, answer.text
    return answer.json()["url"]


def test_a_forged_host_header_does_not_appear_in_the_calendar_address(tenant, make_user, api_client):
    client = api_client(make_user(tenant))
    url = _feed_url(client, "evil.example")
    assert "evil.example" not in url
    assert url.startswith("http://127.0.0.1/api/v1/calendar/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1]
    assert client.get(f"/api/v1/calendar/{token}").status_code == 200


def test_the_calendar_address_uses_the_configured_base_url(tenant, make_user, api_client, settings_env):
    settings_env(base_url="https://crm.example.com/guanxi/")
    url = _feed_url(api_client(make_user(tenant)), "evil.example")
    assert url.startswith("https://crm.example.com/guanxi/api/v1/calendar/")


def test_a_trusted_host_keeps_its_name_and_port(tenant, make_user, api_client, settings_env):
    settings_env(trusted_hosts="crm.lan,localhost")
    client = api_client(make_user(tenant))
    assert _feed_url(client, "crm.lan:8000").startswith("http://crm.lan:8000/api/v1/calendar/")
    assert _feed_url(client, "CRM.lan").startswith("http://CRM.lan/api/v1/calendar/")
    assert _feed_url(client, "other.lan:8000").startswith("http://crm.lan/api/v1/calendar/")
