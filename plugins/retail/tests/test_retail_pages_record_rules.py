"""A rep's retail pages, dashboard widget and customer panels show only the customers they may see."""

from __future__ import annotations

import re
from datetime import date, timedelta

from guanxi_retail.campaigns.service import create_campaign

from sdk import Segment


def _block(html: str, css_class: str) -> str:
    """The ``<dl class="figures <css_class>">`` block of a page (the figures one widget shows)."""
    found = re.search(rf'<dl class="figures {css_class}">(.*?)</dl>', html, re.S)
    assert found, f"no {css_class} figures on the page"
    return re.sub(r"\s+", " ", found.group(1))


def _figures(html: str, css_class: str) -> list[str]:
    return re.findall(r"<dd>(.*?)</dd>", _block(html, css_class))


def test_rep_does_not_see_hidden_customers_on_retail_orders_page(rivals, browser):
    page = browser(rivals.east).get("/retail/orders")
    assert page.status_code == 200
    assert "EAST-1" in page.text and "WEST-1" not in page.text
    assert f'href="/customers/{rivals.west_customer}"' not in page.text


def test_manager_sees_every_order_on_the_orders_page(rivals, make_user, browser):
    page = browser(make_user(rivals.tenant, role="manager")).get("/retail/orders").text
    assert "EAST-1" in page and "WEST-1" in page


def test_retail_dashboard_widget_counts_only_the_reps_customers(rivals, make_user, browser):
    rep = _figures(browser(rivals.east).get("/").text, "retail-sales")
    manager = _figures(browser(make_user(rivals.tenant, role="manager")).get("/").text, "retail-sales")
    assert rep[0] == "1" and "100.00" in rep[1] and rep[2] == "1"
    assert manager[0] == "2" and "400.00" in manager[1] and manager[2] == "2"


def test_retail_home_counts_only_the_reps_customers(rivals, browser):
    figures = _figures(browser(rivals.west).get("/retail/").text, "retail-sales")
    assert figures[0] == "1" and "300.00" in figures[1]


def test_loyalty_page_counts_only_the_reps_members(rivals, make_user, browser):
    rep = _figures(browser(rivals.east).get("/retail/loyalty").text, "retail-loyalty")
    manager = _figures(
        browser(make_user(rivals.tenant, role="manager")).get("/retail/loyalty").text, "retail-loyalty"
    )
    assert rep == ["1", "100"] and manager == ["2", "400"]


def test_campaigns_page_counts_only_the_reps_customers(rivals, browser, uow):
    with uow(rivals.tenant) as session:
        segment = Segment(tenant_id=rivals.tenant.id, name="VIP", filters={"tags": ["vip"]})
        session.add(segment)
        session.flush()
        today = date.today()
        create_campaign(
            session=session,
            tenant=rivals.tenant,
            name="会员日",
            segment_id=segment.id,
            starts_on=today - timedelta(days=2),
            ends_on=today + timedelta(days=2),
        )
    page = browser(rivals.east).get("/retail/campaigns").text
    assert "会员日" in page and "300.00" not in page and "400.00" not in page and "100.00" in page


def test_rep_cannot_open_hidden_customers_retail_panel(rivals, browser):
    web = browser(rivals.east)
    hidden = web.get(f"/customers/{rivals.west_customer}")
    assert hidden.status_code == 404 and "retail-value" not in hidden.text
    own = web.get(f"/customers/{rivals.east_customer}")
    assert own.status_code == 200 and "100.00" in _block(own.text, "retail-value")


def test_rfm_segments_are_named_in_the_tenants_language_not_as_keys(rivals, make_user, browser, uow):
    from guanxi_retail.analytics.service import AnalysisOptions, analyze

    from sdk import Tenant

    with uow(rivals.tenant) as session:
        analyze(
            session=session,
            tenant=session.get(Tenant, rivals.tenant.id),
            options=AnalysisOptions(steps=("rfm",)),
        )
    page = browser(make_user(rivals.tenant, role="manager")).get("/").text
    segments = re.search(r'<ul class="retail-rfm">(.*?)</ul>', page, re.S)
    assert segments, "the widget shows no RFM segments"
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|<li>[a-z]+:", segments.group(1)), segments.group(1)
