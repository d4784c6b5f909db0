"""Activities on the web: the customer page's section (create, complete, snooze, reassign) and
"my activities" (overdue, today, upcoming), within the record rules of the customer."""

from __future__ import annotations

import re
from datetime import timedelta

from webhelpers import post_form

from core.activities.models import Activity
from core.activities.service import create_activity
from core.caller import Caller
from core.reminders.clock import tenant_today


def _activity(uow, tenant, user, customer, days: int = 0, note: str = "回访", kind: str = "call"):
    with uow(tenant) as session:
        caller = Caller(session, tenant, user, permissions=frozenset({"customers:all"}))
        return create_activity(
            caller=caller,
            tenant=tenant,
            customer_id=customer.id,
            kind=kind,
            due_on=tenant_today(tenant) + timedelta(days=days),
            note=note,
            assignee_id=user.id,
        )


def test_rep_adds_and_completes_an_activity_from_the_customer_page(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, name="陈静", owner_id=rep.id)
    client = browser_client(rep)
    page = f"/customers/{customer.id}"
    day = tenant_today(tenant).isoformat()
    answer = post_form(
        client, f"{page}/activities", {"kind": "visit", "due_on": day, "note": "送样品"}, page=page
    )
    assert answer.status_code == 303
    html = client.get(page).text
    found = re.search(r'id="activity-(\d+)"', html)
    assert found and "送样品" in html
    done = post_form(
        client,
        f"/activities/{found.group(1)}/complete",
        {"outcome": "客户满意", "back": "customer"},
        page=page,
    )
    assert done.status_code == 303 and done.headers["location"] == f"{page}#activities"
    html = client.get(page).text
    assert "No open activities." in html and "送样品 — 客户满意" in html


def test_a_bad_date_is_refused_beside_the_form(make_tenant, make_user, make_customer, browser_client):
    tenant = make_tenant(locale="zh_Hans")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, owner_id=rep.id)
    client = browser_client(rep)
    page = f"/customers/{customer.id}"
    answer = post_form(client, f"{page}/activities", {"kind": "call", "due_on": "soon"}, page=page)
    assert answer.status_code == 422 and "日期无效" in answer.text


def test_my_activities_split_by_due_date_and_snooze_moves_one(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, name="王芳", owner_id=rep.id)
    late = _activity(uow, tenant, rep, customer, days=-1, note="逾期的")
    _activity(uow, tenant, rep, customer, days=0, note="今天的")
    _activity(uow, tenant, rep, customer, days=5, note="以后的")
    client = browser_client(rep)
    html = client.get("/activities").text
    overdue = html.split('id="bucket-overdue"')[1].split('id="bucket-today"')[0]
    assert "逾期的" in overdue and "今天的" not in overdue
    assert "以后的" in html.split('id="bucket-upcoming"')[1]
    until = (tenant_today(tenant) + timedelta(days=3)).isoformat()
    moved = post_form(
        client, f"/activities/{late.id}/snooze", {"until": until, "back": "mine"}, page="/activities"
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/activities"
    html = client.get("/activities").text
    assert "逾期的" in html.split('id="bucket-upcoming"')[1]
    past = post_form(
        client, f"/activities/{late.id}/snooze", {"until": "2000-01-01", "back": "mine"}, page="/activities"
    )
    assert past.status_code == 422 and "choose a date after today" in past.text


def test_reassigning_from_the_page_hands_the_activity_on(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    rep, manager = make_user(tenant, "rep"), make_user(tenant, "manager")
    customer = make_customer(tenant, owner_id=rep.id)
    activity = _activity(uow, tenant, rep, customer)
    client = browser_client(rep)
    page = f"/customers/{customer.id}"
    answer = post_form(
        client,
        f"/activities/{activity.id}/reassign",
        {"assignee_id": manager.id, "back": "customer"},
        page=page,
    )
    assert answer.status_code == 303
    with uow(tenant) as session:
        assert session.get(Activity, activity.id).user_id == manager.id
    assert "回访" in browser_client(manager).get("/activities").text


def test_another_rep_cannot_act_on_the_activity_and_a_viewer_sees_no_forms(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    rep, other, viewer = make_user(tenant, "rep"), make_user(tenant, "rep"), make_user(tenant, "viewer")
    customer = make_customer(tenant, owner_id=rep.id)
    activity = _activity(uow, tenant, rep, customer)
    client = browser_client(other)
    answer = post_form(client, f"/activities/{activity.id}/complete", {}, page="/activities")
    assert answer.status_code == 404
    html = browser_client(viewer).get(f"/customers/{customer.id}").text
    assert (
        f'id="activity-{activity.id}"' in html and "/complete" not in html and 'id="new-activity"' not in html
    )
    refused = post_form(browser_client(viewer), f"/activities/{activity.id}/complete", {}, page="/activities")
    assert refused.status_code == 403


def test_completing_an_activity_twice_shows_the_page_as_it_now_stands(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, owner_id=rep.id)
    activity = _activity(uow, tenant, rep, customer)
    client = browser_client(rep)
    for _ in range(2):
        answer = post_form(
            client, f"/activities/{activity.id}/complete", {"back": "mine"}, page="/activities"
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/activities"
    timeline = client.get(f"/customers/{customer.id}").text
    assert timeline.count('class="timeline-item') == 1
