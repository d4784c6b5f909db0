"""On a phone (375 px wide, headless Chromium): a rep opens a customer, adds a follow-up call,
snoozes it to tomorrow, completes it with an outcome, and finds it on the customer's timeline."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from test_browser import sign_in

from core.reminders.clock import tenant_today

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_rep_creates_and_completes_an_activity_on_a_phone(
    make_tenant, make_user, make_customer, open_page, request
):
    tenant = make_tenant(locale="zh_Hans", timezone="Asia/Shanghai")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, name="陈静", owner_id=rep.id)
    page = open_page(width=375, height=740)
    sign_in(page, rep)

    page.goto(f"/customers/{customer.id}")
    assert _fits(page)
    page.get_by_text("新建活动").click()
    page.locator("#a-kind").select_option("call")
    page.locator("#a-due").fill(tenant_today(tenant).isoformat())
    page.get_by_label("要做什么").fill("回访报价单")
    assert _fits(page)
    page.get_by_role("button", name="添加活动").click()
    item = page.locator("#activity-list .activity").filter(has_text="回访报价单")
    item.wait_for()
    assert "电话" in item.locator(".kind").inner_text() and "今天" in item.inner_text()
    assert _fits(page)

    item.get_by_text("推迟或转交").click()
    artifacts = Path(request.config.rootpath) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "activities-phone-zh_Hans.png"), full_page=True)
    tomorrow = tenant_today(tenant) + timedelta(days=1)
    item.get_by_label("推迟到").fill(tomorrow.isoformat())
    assert _fits(page)
    item.get_by_role("button", name="推迟", exact=True).click()
    page.wait_for_load_state()
    item.locator(f"time[datetime='{tomorrow.isoformat()}']").wait_for()
    assert "今天" not in item.inner_text()

    item.get_by_placeholder("结果（选填）").fill("客户同意下单")
    item.get_by_role("button", name="完成").click()
    page.locator("#activity-list").get_by_text("没有待办的活动。").wait_for()
    entry = page.locator("#timeline .timeline-item").first
    assert entry.locator(".kind").inner_text() == "电话"
    assert entry.locator(".summary").inner_text() == "回访报价单 — 客户同意下单"
    assert _fits(page)

    page.goto("/activities")
    assert page.locator("#bucket-upcoming").get_by_text("暂无。").is_visible()
    assert _fits(page)
    assert page.guanxi_errors == []
