"""What a person does in a real browser (headless Chromium): sign in, add a customer, log a visit,
switch language, enable a pack, and be kept out of what is not theirs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from webhelpers import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, user) -> None:
    page.goto("/sign-in")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/sign-in'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def test_taiwan_owner_adds_customer_logs_visit_and_reads_it_in_traditional_chinese(
    make_tenant, make_user, open_page, request
):
    tenant = make_tenant(phone_region="TW", locale="en", timezone="Asia/Taipei")
    owner = make_user(tenant, "owner")
    page = open_page()
    sign_in(page, owner)

    page.goto("/customers/new")
    page.get_by_label("Name").fill("陳怡君")
    page.get_by_label("Phones").fill("0912-345-678")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/customers/*")
    assert page.locator("#customer-phone").inner_text() == "+886912345678"

    url = page.url
    page.locator("#i-kind").select_option("visit")
    page.get_by_label("What happened").fill("到店試穿新款外套")
    page.get_by_role("button", name="Log interaction").click()
    page.locator("#timeline").get_by_text("到店試穿新款外套").wait_for()
    assert page.url == url, "the interaction was logged without leaving the page"
    assert page.locator("#timeline .kind").first.inner_text() == "Visit"

    page.locator("#language-select").select_option("zh_Hant")
    page.wait_for_load_state()
    page.locator("html[lang='zh-Hant']").wait_for()
    nav = page.locator("#main-nav").inner_text()
    assert "客戶" in nav and "儀表板" in nav and "設定" in nav
    assert page.locator("#timeline .kind").first.inner_text() == "拜訪"

    artifacts = Path(request.config.rootpath) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "customer-page-zh_Hant.png"), full_page=True)
    assert page.guanxi_errors == []


def test_owner_enables_a_pack_and_sees_its_navigation_item(make_tenant, make_user, open_page):
    tenant, other = make_tenant(locale="en"), make_tenant(locale="en")
    page = open_page()
    sign_in(page, make_user(tenant, "owner"))
    page.goto("/settings/packs")
    assert page.locator("#main-nav a[href='/showroom/']").count() == 0
    page.locator("#pack-showroom button").click()
    page.wait_for_url("**/settings/packs")
    page.locator("#main-nav a[href='/showroom/']").click()
    page.locator("#showroom-welcome").wait_for()

    stranger = open_page()
    sign_in(stranger, make_user(other, "owner"))
    assert stranger.locator("#main-nav a[href='/showroom/']").count() == 0
    answer = stranger.goto("/showroom/")
    assert answer.status == 404


def test_rep_cannot_open_another_reps_customer(make_tenant, make_user, make_customer, open_page):
    tenant = make_tenant(locale="en")
    alice, bob = make_user(tenant, "rep"), make_user(tenant, "rep")
    customer = make_customer(tenant, name="Alice's customer", owner_id=alice.id)
    page = open_page()
    sign_in(page, bob)
    answer = page.goto(f"/customers/{customer.id}")
    assert answer.status == 404
    assert "Alice's customer" not in page.content()
    page.goto("/customers")
    assert page.get_by_text("Alice's customer").count() == 0


def test_search_as_you_type_narrows_the_list(make_tenant, make_user, make_customer, open_page):
    tenant = make_tenant(locale="en")
    make_customer(tenant, name="张伟")
    make_customer(tenant, name="李娜")
    page = open_page()
    sign_in(page, make_user(tenant, "owner"))
    page.goto("/customers")
    page.get_by_label("Search by name, pinyin, phone or e-mail").press_sequentially("zhang")
    page.wait_for_function("() => !document.querySelector('#customer-rows').innerText.includes('李娜')")
    assert "张伟" in page.locator("#customer-rows").inner_text()
    assert page.guanxi_errors == []


def test_dashboard_chart_draws_and_phone_screen_has_no_sideways_scroll(make_tenant, make_user, open_page):
    tenant = make_tenant(locale="zh_Hans")
    page = open_page(width=375, height=740)
    sign_in(page, make_user(tenant, "owner"))
    page.goto("/")
    page.wait_for_function("() => window.Chart && Chart.getChart('interactions-chart')")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    nav = page.locator("#main-nav")
    assert not nav.is_visible()
    page.get_by_role("button", name="菜单").click()
    assert nav.is_visible()
    page.keyboard.press("Tab")
    assert page.guanxi_errors == []


SOLAR_SHOWN = {"en": "May 17, 1990", "zh_Hans": "1990年5月17日", "zh_Hant": "1990年5月17日"}
LUNAR_LEAP_SHOWN = {"en": "Lunar leap 4/15", "zh_Hans": "农历 闰4月15日", "zh_Hant": "農曆 閏4月15日"}


def _stored_birthday(uow, tenant, customer_id):
    from core.models import Customer

    with uow(tenant) as session:
        c = session.get(Customer, customer_id)
        return c.birthday, c.birthday_lunar, c.lunar_birth_month, c.lunar_birth_day, c.lunar_birth_leap


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(
    ("locale", "width", "height"),
    [
        ("en", 1280, 900),
        ("zh_Hans", 1280, 900),
        ("zh_Hant", 1280, 900),
        ("zh_Hant", 390, 844),
    ],
)
def test_customer_birthday_in_either_calendar_is_saved_from_the_browser(
    locale, width, height, make_tenant, make_user, open_page, uow, request
):
    from datetime import date

    tenant = make_tenant(locale=locale)
    page = open_page(width=width, height=height)
    sign_in(page, make_user(tenant, "owner"))

    page.goto("/customers/new")
    page.locator("#f-name").fill("林美玲")
    assert page.locator("#f-calendar-solar").is_checked()
    assert not page.locator("#f-lunar_month").is_visible(), "lunar inputs wait until lunar is chosen"
    page.locator("#f-birthday").fill("1990-05-17")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url("**/customers/*")
    customer_id = int(page.url.rsplit("/", 1)[1])
    assert page.locator("#customer-birthday").inner_text() == SOLAR_SHOWN[locale]
    assert _stored_birthday(uow, tenant, customer_id) == (date(1990, 5, 17), False, None, None, False)

    page.goto(f"/customers/{customer_id}/edit")
    assert page.locator("#f-birthday").input_value() == "1990-05-17"
    assert _no_sideways_scroll(page)
    page.locator("#f-calendar-lunar").check()
    assert not page.locator("#f-birthday").is_visible()
    page.locator("#f-lunar_month").select_option("4")
    page.locator("#f-lunar_day").select_option("15")
    page.locator("#f-lunar_leap").check()
    artifacts = Path(request.config.rootpath) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / f"customer-form-{locale}-{width}.png"), full_page=True)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"**/customers/{customer_id}")
    assert page.locator("#customer-birthday").inner_text() == LUNAR_LEAP_SHOWN[locale]
    assert _stored_birthday(uow, tenant, customer_id) == (None, True, 4, 15, True)
    assert _no_sideways_scroll(page)

    page.goto(f"/customers/{customer_id}/edit")
    assert page.locator("#f-calendar-lunar").is_checked()
    assert page.locator("#f-lunar_month").input_value() == "4"
    assert page.locator("#f-lunar_leap").is_checked()
    page.goto(f"/customers/{customer_id}")
    page.screenshot(path=str(artifacts / f"edited-customer-{locale}-{width}.png"), full_page=True)
    assert page.guanxi_errors == []


def _offline(page) -> list[str]:
    """Abort every request that leaves this machine, as on a network without internet."""
    blocked: list[str] = []

    def route(route) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return blocked


def test_api_reference_works_without_internet(open_page):
    page = open_page()
    blocked = _offline(page)
    page.goto("/docs")
    page.locator(".opblock-summary-path", has_text="/api/v1/customers/{customer_id}").first.wait_for()
    assert page.locator(".opblock").count() > 20, "the operations are listed"
    page.locator(".opblock-tag", has_text="customers").first.wait_for()
    assert blocked == [], f"the reference page reached other servers: {blocked}"
    assert page.guanxi_errors == []


def test_customer_page_shows_orders_and_repairs_merged_with_interactions(
    make_tenant, make_user, make_customer, make_interaction, uow, open_page
):
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from guanxi_appliance_repair.service import open_ticket
    from guanxi_retail.orders.service import create_order

    tenant = make_tenant(locale="en", packs=["retail", "appliance-repair"])
    customer = make_customer(tenant, name="林美玲")
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    make_interaction(tenant, customer, kind="call", summary="asked about the fridge", occurred_at=start)
    with uow(tenant) as session:
        create_order(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            total=Decimal("388.00"),
            store="信义店",
            ordered_at=start + timedelta(days=1),
        )
        open_ticket(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            appliance="冰箱",
            symptom="不制冷",
            opened_at=start + timedelta(days=2),
        )
    page = open_page()
    sign_in(page, make_user(tenant, "owner"))
    page.goto(f"/customers/{customer.id}")
    kinds = page.locator("#timeline .timeline-item .kind").all_inner_texts()
    assert kinds == ["Repair ticket", "Order", "Call"]
    page.locator("#timeline").get_by_role("link", name="信义店").click()
    page.wait_for_url("**/retail/orders?from_id=*")
    assert page.guanxi_errors == []
