"""Settings → API keys: owners and admins create keys (shown once), see them listed and revoke them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from webhelpers import post_form


def _create(client: Any, name: str, scopes: list[str]) -> Any:
    return post_form(client, "/settings/api-keys", {"name": name, "scopes": scopes})


def test_admin_creates_a_key_that_is_shown_once_and_works_on_the_api(
    make_tenant, make_user, browser_client, web_app
):
    from fastapi.testclient import TestClient

    client = browser_client(make_user(make_tenant(locale="en"), "admin"))
    answer = _create(client, "shop sync", ["read"])
    assert answer.status_code == 201
    key = re.search(r'id="new-key-value" type="text" readonly value="(gxk_[^"]+)"', answer.text)
    assert key
    listing = client.get("/settings/api-keys").text
    assert "shop sync" in listing and key.group(1) not in listing
    api = TestClient(web_app, headers={"Authorization": f"Bearer {key.group(1)}"})
    assert api.get("/api/v1/customers").status_code == 200


def test_revoked_key_stops_working(make_tenant, make_user, browser_client, web_app):
    from fastapi.testclient import TestClient

    client = browser_client(make_user(make_tenant(locale="en"), "owner"))
    answer = _create(client, "old", ["read", "write"])
    token = re.search(r'value="(gxk_[^"]+)"', answer.text).group(1)
    key_id = re.search(r'action="/settings/api-keys/(\d+)/revoke"', answer.text).group(1)
    revoked = post_form(client, f"/settings/api-keys/{key_id}/revoke", {}, page="/settings/api-keys")
    assert revoked.status_code == 303
    assert "Revoked" in client.get("/settings/api-keys").text
    api = TestClient(web_app, headers={"Authorization": f"Bearer {token}"})
    assert api.get("/api/v1/customers").status_code == 401


def test_a_key_needs_a_name_and_a_scope(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "owner"))
    answer = _create(client, "", [])
    assert answer.status_code == 422 and "gxk_" not in answer.text


def test_another_tenants_key_cannot_be_revoked(make_tenant, make_user, browser_client):
    mine = browser_client(make_user(make_tenant(locale="en"), "owner"))
    created = _create(mine, "k", ["read"]).text
    key_id = re.search(r'action="/settings/api-keys/(\d+)/revoke"', created).group(1)
    theirs = browser_client(make_user(make_tenant(locale="en"), "owner"))
    answer = post_form(theirs, f"/settings/api-keys/{key_id}/revoke", {}, page="/settings/api-keys")
    assert answer.status_code == 404
    assert "Revoked" not in mine.get("/settings/api-keys").text


@pytest.mark.parametrize("role", ["manager", "rep"])
def test_only_owners_and_admins_manage_keys(make_tenant, make_user, browser_client, role):
    client = browser_client(make_user(make_tenant(locale="en"), role))
    assert client.get("/settings/api-keys").status_code == 403
    assert 'href="/settings/api-keys"' not in client.get("/settings/users").text


def test_key_creation_is_audited(make_tenant, make_user, browser_client, uow):
    from sqlmodel import select

    from core.audit.models import AuditEntry

    tenant = make_tenant(locale="en")
    admin = make_user(tenant, "admin")
    _create(browser_client(admin), "audited", ["read"])
    with uow(tenant) as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "api_key")).all()
    assert [(e.action, e.actor) for e in entries] == [("create", f"user:{admin.email}")]
