"""The customer page shows the merged timeline: every source's label, links, older entries."""

from __future__ import annotations

import re


def test_customer_page_shows_pack_records_with_their_label_and_link(shop, make_user, web_client):
    tenant, customer, _ = shop
    html = web_client(make_user(tenant, role="owner", locale="zh_Hans")).get(f"/customers/{customer.id}").text
    timeline = html[html.index('id="timeline"') :]
    labels = re.findall(r'<span class="kind[^"]*">([^<]+)</span>', timeline)
    assert labels[:4] == ["维修工单", "商机", "订单", "备注"]
    assert re.search(r'href="/retail/orders\?from_id=\d+">旗舰店</a>', timeline)


def test_customer_page_filters_one_source_and_pages_older_entries(shop, make_user, web_client, uow):
    tenant, customer, _ = shop
    client = web_client(make_user(tenant, role="owner", locale="en"))
    only = client.get(f"/customers/{customer.id}", params={"source": "retail.orders"}).text
    entries = only[only.index('id="timeline"') :]
    assert entries.count('class="timeline-item') == 1 and "source-retail-orders" in entries
    assert client.get(f"/customers/{customer.id}", params={"source": "nope"}).status_code == 404


def test_older_entries_link_appends_the_next_page(shop, make_user, web_client, make_interaction):
    from datetime import UTC, datetime, timedelta

    tenant, customer, _ = shop
    for n in range(50):
        at = datetime(2026, 4, 1, tzinfo=UTC) + timedelta(minutes=n)
        make_interaction(tenant, customer, summary=f"note {n}", occurred_at=at)
    client = web_client(make_user(tenant, role="owner", locale="en"))
    html = client.get(f"/customers/{customer.id}").text
    more = re.search(r'hx-get="(/customers/\d+/timeline\?cursor=[^"]+)"', html)
    assert more is not None and html.count('class="timeline-item') == 50
    older = client.get(more.group(1).replace("&amp;", "&"), headers={"HX-Request": "true"}).text
    assert older.count('class="timeline-item') == 4 and "first call" in older
    assert "Older entries" not in older


def test_without_htmx_the_older_entries_link_opens_the_page_further_down(
    shop, make_user, web_client, make_interaction
):
    from datetime import UTC, datetime, timedelta

    tenant, customer, _ = shop
    for n in range(50):
        at = datetime(2026, 4, 1, tzinfo=UTC) + timedelta(minutes=n)
        make_interaction(tenant, customer, summary=f"note {n}", occurred_at=at)
    client = web_client(make_user(tenant, role="owner", locale="en"))
    html = client.get(f"/customers/{customer.id}").text
    link = re.search(r'<a href="(/customers/\d+\?cursor=[^"]+)"', html)
    assert link is not None
    older = client.get(link.group(1).replace("&amp;", "&")).text
    assert 'id="customer-name"' in older and older.count('class="timeline-item') == 4
