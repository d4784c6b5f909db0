"""Who may open which settings and customer pages: the same permissions the API asks for.

The users page lists every colleague's e-mail address, role and team: only user managers (owners
and admins) see it.  ``/settings`` leads each user to the first settings page they may open.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from webhelpers import PASSWORD, csrf_from


@pytest.mark.parametrize("role", ["manager", "rep", "technician", "viewer"])
def test_only_user_managers_see_the_users_page(make_tenant, make_user, browser_client, role):
    tenant = make_tenant(locale="en")
    colleague = make_user(tenant, "admin")
    client = browser_client(make_user(tenant, role))
    answer = client.get("/settings/users")
    assert answer.status_code == 403
    assert colleague.email not in answer.text
    assert 'href="/settings/users"' not in client.get("/settings/packs").text  # no tab to it


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_owners_and_admins_see_the_users_page(make_tenant, make_user, browser_client, role):
    tenant = make_tenant(locale="en")
    colleague = make_user(tenant, "viewer")
    client = browser_client(make_user(tenant, role))
    answer = client.get("/settings/users")
    assert answer.status_code == 200 and colleague.email in answer.text
    assert client.get("/settings", follow_redirects=False).headers["location"] == "/settings/users"


def test_settings_lead_a_rep_to_the_packs_page(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "rep"))
    answer = client.get("/settings", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/settings/packs"


@pytest.fixture
def receptionist(
    use_packs: Any, guanxi_engine: Any, make_tenant: Any, make_user: Any, make_customer: Any
) -> Iterator[tuple[Any, Any]]:
    """A signed-in client of a pack role that holds no permission, and a customer of its tenant."""
    from fastapi.testclient import TestClient

    from core.api.app import create_app

    app = create_app(engine=guanxi_engine, registry=use_packs(("narrow", "narrow_role")))
    tenant = make_tenant(locale="en")
    user = make_user(tenant, "receptionist")
    with TestClient(app) as client:
        token = csrf_from(client.get("/sign-in").text)
        signed_in = client.post(
            "/sign-in",
            data={"email": user.email, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303
        yield client, make_customer(tenant, name="李娜")


@pytest.mark.parametrize(
    "path",
    ["/settings", "/settings/packs", "/settings/editions/professional", "/customers", "/customers/{id}"],
)
def test_a_role_without_the_read_permission_cannot_open_the_page(receptionist, path):
    client, customer = receptionist
    answer = client.get(path.format(id=customer.id), follow_redirects=False)
    assert answer.status_code == 403
    assert "李娜" not in answer.text


def test_a_role_without_permissions_keeps_its_inbox(receptionist):
    client, _customer = receptionist
    assert client.get("/notifications").status_code == 200
