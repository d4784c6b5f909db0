"""Costs, e-mail and grade settings in a real browser at phone width: usable, no sideways scroll."""

from __future__ import annotations

import os

import pytest
from webhelpers import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, user) -> None:
    page.goto("/sign-in")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/sign-in'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _shot(page, name: str) -> None:
    folder = os.environ.get("GUANXI_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_owner_records_a_cost_and_sets_up_mail_and_grades_on_a_phone(make_tenant, make_user, open_page):
    tenant = make_tenant(locale="zh_Hans")
    page = open_page(width=375, height=740)
    _sign_in(page, make_user(tenant, "owner"))

    page.goto("/costs")
    page.locator("#f-amount").fill("1800")
    page.locator("#f-campaign").fill("朋友圈广告")
    page.locator("#record-cost button[type=submit]").click()
    page.wait_for_url("**/costs?saved=1")
    assert "朋友圈广告" in page.locator("#costs").inner_text()
    assert _fits(page)
    _shot(page, "costs")

    page.goto("/settings/smtp")
    assert _fits(page)
    _shot(page, "smtp")

    page.goto("/settings/grades")
    page.locator("#grade-rules form[action='/settings/grades'] button[type=submit]").click()
    page.wait_for_url("**/settings/grades?saved=1")
    assert page.locator("#grades-applied").is_visible()
    assert _fits(page)
    _shot(page, "grades")
    assert page.guanxi_errors == []
