"""Activities over the API: a rep promises, completes, snoozes and hands on follow-ups, within the
record rules of their customers; completing one puts it on the customer's timeline."""

from __future__ import annotations

from datetime import timedelta

from core.models import Tenant
from core.reminders.clock import tenant_today


def _today(tenant: Tenant):
    return tenant_today(tenant)


def test_rep_creates_and_completes_an_activity_which_lands_on_the_timeline(
    make_tenant, make_user, make_customer, api_client
):
    tenant = make_tenant()
    rep = make_user(tenant)
    customer = make_customer(tenant, owner_id=rep.id)
    client = api_client(rep)
    due = _today(tenant).isoformat()
    created = client.post(
        "/api/v1/activities",
        json={"customer_id": customer.id, "kind": "call", "due_on": due, "note": "回访报价"},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["status"], body["assignee_id"], body["created_by_id"]) == ("open", rep.id, rep.id)
    done = client.post(f"/api/v1/activities/{body['id']}/complete", json={"outcome": "客户同意下单"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["done_by_id"] == rep.id
    timeline = client.get(f"/api/v1/customers/{customer.id}/timeline").json()["items"]
    assert [(e["kind"], e["summary"]) for e in timeline] == [("call", "回访报价 — 客户同意下单")]
    again = client.post(f"/api/v1/activities/{body['id']}/complete", json={})
    assert again.status_code == 409
    listed = client.get("/api/v1/activities", params={"customer_id": customer.id, "state": "done"}).json()
    assert [a["id"] for a in listed["items"]] == [body["id"]]
    assert client.get("/api/v1/activities", params={"customer_id": customer.id}).json()["items"] == []


def test_my_activities_are_split_into_overdue_today_and_upcoming(
    make_tenant, make_user, make_customer, api_client
):
    tenant = make_tenant()
    rep, other = make_user(tenant), make_user(tenant, role="manager")
    customer = make_customer(tenant, owner_id=rep.id)
    client = api_client(rep)
    today = _today(tenant)
    ids = {}
    for name, day in (
        ("late", today - timedelta(days=2)),
        ("now", today),
        ("soon", today + timedelta(days=3)),
    ):
        answer = client.post(
            "/api/v1/activities",
            json={"customer_id": customer.id, "kind": "visit", "due_on": day.isoformat(), "note": name},
        )
        ids[name] = answer.json()["id"]
    client.post(
        "/api/v1/activities",
        json={"customer_id": customer.id, "due_on": today.isoformat(), "assignee_id": other.id},
    )
    mine = client.get("/api/v1/activities/mine").json()
    assert [a["id"] for a in mine["overdue"]] == [ids["late"]]
    assert [a["id"] for a in mine["due_today"]] == [ids["now"]]
    assert [a["id"] for a in mine["upcoming"]] == [ids["soon"]]
    overdue = client.get("/api/v1/activities", params={"due": "overdue"}).json()["items"]
    assert [a["id"] for a in overdue] == [ids["late"]]


def test_snooze_moves_the_due_date_and_remembers_the_first_one(
    make_tenant, make_user, make_customer, api_client
):
    tenant = make_tenant()
    rep = make_user(tenant)
    customer = make_customer(tenant, owner_id=rep.id)
    client = api_client(rep)
    today = _today(tenant)
    made = client.post("/api/v1/activities", json={"customer_id": customer.id, "due_on": today.isoformat()})
    activity_id = made.json()["id"]
    past = client.post(f"/api/v1/activities/{activity_id}/snooze", json={"until": today.isoformat()})
    assert past.status_code == 422 and "until" in past.text
    later = (today + timedelta(days=2)).isoformat()
    moved = client.post(f"/api/v1/activities/{activity_id}/snooze", json={"until": later}).json()
    assert (moved["due_on"], moved["first_due_on"]) == (later, today.isoformat())
    edited = client.patch(f"/api/v1/activities/{activity_id}", json={"kind": "meeting", "note": "见面"})
    assert edited.json()["kind"] == "meeting" and edited.json()["note"] == "见面"


def test_reassigning_only_reaches_users_of_the_tenant_who_may_see_the_customer(
    make_tenant, make_user, make_customer, api_client
):
    tenant, elsewhere = make_tenant(locale="en"), make_tenant()
    rep = make_user(tenant, team="north")
    teammate, stranger, manager = (
        make_user(tenant, team="north"),
        make_user(tenant),
        make_user(tenant, "manager"),
    )
    foreigner = make_user(elsewhere, role="owner")
    customer = make_customer(tenant, owner_id=rep.id, team="north")
    client = api_client(rep)
    made = client.post(
        "/api/v1/activities", json={"customer_id": customer.id, "due_on": _today(tenant).isoformat()}
    )
    path = f"/api/v1/activities/{made.json()['id']}/reassign"
    for user in (foreigner, stranger):
        refused = client.post(path, json={"assignee_id": user.id})
        assert refused.status_code == 422 and "assignee_id" in refused.text
    for user in (teammate, manager):
        moved = client.post(path, json={"assignee_id": user.id})
        assert moved.status_code == 200 and moved.json()["assignee_id"] == user.id
    told = api_client(manager).get("/api/v1/notifications").json()["items"]
    assert [n["title"] for n in told] == [
        f"Activity assigned to you: {customer.name} ({_today(tenant).isoformat()})"
    ]
    assert api_client(rep).get("/api/v1/notifications").json()["items"] == []


def test_rep_cannot_see_or_touch_another_reps_activities(make_tenant, make_user, make_customer, api_client):
    tenant = make_tenant()
    rep_a, rep_b = make_user(tenant), make_user(tenant)
    customer = make_customer(tenant, owner_id=rep_a.id)
    made = api_client(rep_a).post(
        "/api/v1/activities", json={"customer_id": customer.id, "due_on": _today(tenant).isoformat()}
    )
    activity_id = made.json()["id"]
    b = api_client(rep_b)
    assert b.get(f"/api/v1/activities/{activity_id}").status_code == 404
    assert b.post(f"/api/v1/activities/{activity_id}/complete", json={}).status_code == 404
    assert b.get("/api/v1/activities", params={"state": "all"}).json()["items"] == []
    refused = b.post(
        "/api/v1/activities", json={"customer_id": customer.id, "due_on": _today(tenant).isoformat()}
    )
    assert refused.status_code == 404


def test_viewer_reads_activities_but_cannot_write_them(make_tenant, make_user, make_customer, api_client):
    tenant = make_tenant()
    manager, viewer = make_user(tenant, role="manager"), make_user(tenant, role="viewer")
    customer = make_customer(tenant)
    made = api_client(manager).post(
        "/api/v1/activities", json={"customer_id": customer.id, "due_on": _today(tenant).isoformat()}
    )
    client = api_client(viewer)
    assert client.get(f"/api/v1/activities/{made.json()['id']}").status_code == 200
    assert client.post(f"/api/v1/activities/{made.json()['id']}/complete", json={}).status_code == 403


def test_bad_input_names_the_field(make_tenant, make_user, make_customer, api_client):
    tenant = make_tenant()
    rep = make_user(tenant)
    customer = make_customer(tenant, owner_id=rep.id)
    client = api_client(rep)
    answer = client.post(
        "/api/v1/activities", json={"customer_id": customer.id, "kind": "party", "due_on": "x"}
    )
    assert answer.status_code == 422
    assert "kind" in answer.text and "due_on" in answer.text
