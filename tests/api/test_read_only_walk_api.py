"""Read-only callers cannot write, checked on every write route of the app's route table.

A viewer, a read-only API key and a technician call every route that is not GET: each must be
refused (403) unless it holds the permission the route declares.  Every write route declares one,
core's and packs' alike, except the few open to everyone (signing in, refreshing, signing out,
answering a survey), listed once in ``core.auth.permissions.OPEN_WRITES``.
"""

from __future__ import annotations

from core.api.routing import api_routes
from core.auth.permissions import OPEN_WRITES
from sdk.testing import assert_read_only_callers_cannot_write


def test_read_only_callers_cannot_write_through_any_route(walk_kit):
    checked = assert_read_only_callers_cannot_write(walk_kit)
    assert ("POST", "/api/v1/segments") in checked
    assert ("POST", "/api/v1/activities") in checked
    assert ("POST", "/api/v1/activities/{activity_id}/snooze") in checked
    assert ("PATCH", "/api/v1/activities/{activity_id}") in checked
    assert ("POST", "/api/v1/appliance-repair/tickets") in checked
    assert ("POST", "/api/v1/apitest/visits") in checked


def test_every_core_write_route_declares_a_permission_or_is_open_by_name(app):
    packs = tuple(f"/api/v1/{name}/" for name in app.state.registry.packs)
    core = [
        r
        for r in api_routes(app.routes)
        if r.path.startswith(("/api/", "/survey/")) and not r.path.startswith(packs)
    ]
    writes = {(method, r.path): r.permissions for r in core for method in r.writes}
    assert set(writes) >= OPEN_WRITES, "an open write route no longer exists"
    assert len(writes) > 25
    undeclared = sorted(k for k, perms in writes.items() if not perms and k not in OPEN_WRITES)
    assert undeclared == []


def test_viewer_cannot_create_change_or_delete_segments(make_tenant, make_user, api_client, uow):
    from core.segments.service import create_segment

    tenant = make_tenant()
    with uow(tenant) as session:
        segment = create_segment(session=session, tenant=tenant, name="VIP", filters={})
    viewer = api_client(make_user(tenant, role="viewer"))
    assert viewer.get("/api/v1/segments").status_code == 200
    assert viewer.post("/api/v1/segments", json={"name": "mine", "filters": {}}).status_code == 403
    assert viewer.patch(f"/api/v1/segments/{segment.id}", json={"name": "renamed"}).status_code == 403
    assert viewer.delete(f"/api/v1/segments/{segment.id}").status_code == 403
    manager = api_client(make_user(tenant, role="manager"))
    assert manager.post("/api/v1/segments", json={"name": "mine", "filters": {}}).status_code == 201
    assert [s["name"] for s in manager.get("/api/v1/segments").json()] == ["VIP", "mine"]


def test_a_read_only_api_key_cannot_create_segments(make_tenant, api_key_client):
    tenant = make_tenant()
    assert (
        api_key_client(tenant, scopes=["read"])
        .post("/api/v1/segments", json={"name": "mine", "filters": {}})
        .status_code
        == 403
    )
    assert (
        api_key_client(tenant, scopes=["read", "write"])
        .post("/api/v1/segments", json={"name": "mine", "filters": {}})
        .status_code
        == 201
    )


def test_every_user_keeps_their_own_inbox_but_api_keys_have_none(
    make_tenant, make_user, api_client, api_key_client
):
    tenant = make_tenant()
    for role in ("viewer", "technician", "owner"):
        client = api_client(make_user(tenant, role=role))
        assert client.post("/api/v1/notifications/read").status_code == 200, role
        assert client.post("/api/v1/calendar/token").status_code == 200, role
    assert api_key_client(tenant).post("/api/v1/notifications/read").status_code == 403
