"""Segments, the notifications inbox, the calendar feed and metrics over HTTP."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from core.packs.loader import get_registry
from core.reminders.run import run_reminders


def test_manager_saves_a_segment_and_lists_its_customers(make_tenant, make_user, make_customer, api_client):
    tenant = make_tenant()
    vip = make_customer(tenant, tags=["VIP"])
    make_customer(tenant, tags=["批发"])
    client = api_client(make_user(tenant, "manager"))
    created = client.post("/api/v1/segments", json={"name": "贵宾", "filters": {"tags": ["VIP"]}})
    assert created.status_code == 201, created.text
    assert created.json()["size"] == 1
    members = client.get(f"/api/v1/segments/{created.json()['id']}/customers")
    assert members.status_code == 200
    assert members.json() == {"customer_ids": [vip.id]}


def test_rep_cannot_define_firm_wide_segments(make_tenant, make_user, api_client):
    tenant = make_tenant()
    client = api_client(make_user(tenant, "rep"))
    assert client.post("/api/v1/segments", json={"name": "x"}).status_code == 403


def test_birthday_reminder_reaches_the_owners_inbox_and_calendar(
    make_tenant, make_user, make_customer, api_client, guanxi_engine
):
    tenant = make_tenant()
    owner = make_user(tenant, "owner")
    make_customer(tenant, name="生日客户", birthday=date(1990, 3, 14), owner_id=owner.id)
    run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=date(2027, 3, 14))
    client = api_client(owner)
    inbox = client.get("/api/v1/notifications").json()
    assert inbox["unread"] == 1 and inbox["items"][0]["due_on"] == "2027-03-14"
    url = client.post("/api/v1/calendar/token").json()["url"]
    feed = client.get(url.replace("http://testserver", ""), headers={"Authorization": ""})
    assert feed.status_code == 200
    events = [c for c in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert len(events) == 1
    assert client.post("/api/v1/notifications/read").json() == {"changed": 1}
    assert client.get("/api/v1/notifications").json()["unread"] == 0


def test_metrics_default_to_the_current_month_and_refuse_an_empty_period(make_tenant, make_user, api_client):
    tenant = make_tenant()
    client = api_client(make_user(tenant, "manager"))
    answer = client.get("/api/v1/metrics")
    assert answer.status_code == 200
    assert {"retention_rate", "churn_rate"} <= {m["key"] for m in answer.json()["metrics"]}
    bad = client.get("/api/v1/metrics", params={"start": "2026-05-01", "end": "2026-04-01"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "end"
    assert api_client(make_user(tenant, "rep")).get("/api/v1/metrics").status_code == 403
