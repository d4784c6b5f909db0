"""Payment collection in a real browser at phone width: a rep records a three-instalment plan,
takes a partial payment, reads the ageing page and finds the overdue reminder in their inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_browser import sign_in

from core.packs.loader import get_registry
from core.reminders.clock import tenant_today
from core.reminders.run import run_reminders

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


def test_rep_records_a_plan_pays_part_sees_ageing_and_the_overdue_reminder(
    make_tenant, make_user, make_customer, open_page, guanxi_engine
):
    tenant = make_tenant(locale="en", timezone="Asia/Shanghai")
    rep = make_user(tenant, "rep")
    customer = make_customer(tenant, name="周先生", owner_id=rep.id)
    today = tenant_today(tenant)
    page = open_page(width=375, height=800)
    sign_in(page, rep)

    page.goto(f"/customers/{customer.id}")
    page.get_by_role("link", name="New collection plan").click()
    page.get_by_label("Title").fill("合同 HT-2026-9")
    for n, (amount, days) in enumerate((("1000.00", -10), ("1000.00", 20), ("500.00", 50)), start=1):
        page.get_by_label(f"Amount {n}", exact=True).fill(amount)
        page.get_by_label(f"Due on {n}", exact=True).fill((today + timedelta(days=days)).isoformat())
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Save plan").click()
    page.wait_for_url("**/collections/plans/*")
    assert page.locator("#instalments tbody tr").count() == 3
    assert "Overdue" in page.locator("#instalment-1").inner_text()

    page.get_by_label("Amount received").fill("300")
    page.get_by_role("button", name="Record payment").click()
    page.locator("#payments").wait_for()
    assert "¥2,200.00" in page.locator("#plan-outstanding").inner_text()
    assert "¥300.00" in page.locator("#instalment-1").inner_text()
    _no_sideways_scroll(page)

    assert page.guanxi_errors == []
    page.get_by_label("Amount received").fill("5000")
    page.get_by_role("button", name="Record payment").click()
    assert "More than is still open" in page.locator("#amount-error").inner_text()
    assert len(page.guanxi_errors) == 1 and "422" in page.guanxi_errors[0]  # the refused form itself
    page.guanxi_errors.clear()

    page.goto("/collections")
    assert "¥700.00" in page.locator("#ageing-CNY-1_30").inner_text()
    assert "¥1,500.00" in page.locator("#ageing-CNY-current").inner_text()
    assert "周先生" in page.locator("#open-instalments").inner_text()
    _no_sideways_scroll(page)

    run_reminders(engine=guanxi_engine, registry=get_registry(), tenant=tenant, on=today)
    page.goto("/notifications")
    reminder = page.locator("#notifications").get_by_text("Payment overdue")
    assert "周先生: 700.00 CNY" in reminder.inner_text()
    page.goto(f"/customers/{customer.id}")
    assert "¥2,200.00" in page.locator("#outstanding-CNY").inner_text()
    assert page.guanxi_errors == []
