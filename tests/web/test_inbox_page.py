"""The notifications inbox page: a user's reminders, read marks, the unread badge, a calendar feed."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from webhelpers import post_form

from core.packs.loader import get_registry
from core.reminders.run import run_reminders


def _birthdays(guanxi_engine: Any, tenant: Any, owner: Any, make_customer: Any, count: int = 2) -> list[Any]:
    customers = [
        make_customer(tenant, name=f"生日客户{i}", birthday=date(1990, 3, 14 + i), owner_id=owner.id)
        for i in range(count)
    ]
    for i in range(count):
        run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=date(2027, 3, 14 + i))
    return customers


def test_inbox_lists_reminders_with_links_to_their_customers(
    make_tenant, make_user, make_customer, browser_client, guanxi_engine
):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "rep")
    customers = _birthdays(guanxi_engine, tenant, owner, make_customer)
    client = browser_client(owner)
    page = client.get("/notifications").text
    assert 'href="/notifications"' in page and "Unread: 2" in page
    for customer in customers:
        assert f'href="/customers/{customer.id}"' in page
    assert client.get("/notifications/badge").text.endswith(">2</span>")


def test_marking_one_then_all_read_clears_the_badge(
    make_tenant, make_user, make_customer, browser_client, guanxi_engine
):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "manager")
    _birthdays(guanxi_engine, tenant, owner, make_customer)
    client = browser_client(owner)
    first = re.search(r'action="/notifications/(\d+)/read"', client.get("/notifications").text)
    assert first
    answer = post_form(client, f"/notifications/{first.group(1)}/read", {}, page="/notifications")
    assert answer.status_code == 303
    assert "Unread: 1" in client.get("/notifications").text
    assert post_form(client, "/notifications/read", {}, page="/notifications").status_code == 303
    assert "Unread: 0" in client.get("/notifications").text
    assert client.get("/notifications/badge").text == ""


def test_someone_elses_notification_cannot_be_marked_read(
    make_tenant, make_user, make_customer, browser_client, guanxi_engine
):
    tenant = make_tenant(locale="en")
    owner, colleague = make_user(tenant, "rep"), make_user(tenant, "rep")
    _birthdays(guanxi_engine, tenant, owner, make_customer, count=1)
    note = re.search(r'action="/notifications/(\d+)/read"', browser_client(owner).get("/notifications").text)
    assert note
    other = browser_client(colleague)
    answer = post_form(other, f"/notifications/{note.group(1)}/read", {}, page="/notifications")
    assert answer.status_code == 404
    assert "Unread: 1" in browser_client(owner).get("/notifications").text


def test_marking_read_without_the_csrf_token_is_refused(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "rep"))
    assert client.post("/notifications/read").status_code == 403


def test_calendar_address_is_shown_once_and_serves_the_feed(
    make_tenant, make_user, make_customer, browser_client, guanxi_engine
):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "owner")
    _birthdays(guanxi_engine, tenant, owner, make_customer, count=1)
    client = browser_client(owner)
    answer = post_form(client, "/notifications/calendar", {}, page="/notifications")
    url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', answer.text)
    assert answer.status_code == 200 and url
    assert 'id="feed-url"' not in client.get("/notifications").text
    feed = client.get(url.group(1).replace("http://testserver", ""))
    assert feed.status_code == 200 and b"BEGIN:VEVENT" in feed.content


def test_inbox_speaks_chinese(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="zh_Hant"), "rep"))
    page = client.get("/notifications").text
    assert "通知" in page and "取得行事曆網址" in page
