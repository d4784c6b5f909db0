"""A rep reads lifetime value, RFM and recommendations only for customers they may see."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

NOW = datetime.now(UTC)


@pytest.fixture
def analysed(make_shop, make_user, api_client):
    """A shop analysed by its manager: ten customers of each of two reps, with varied orders."""
    shop = make_shop()
    east, west = make_user(shop.tenant, role="rep"), make_user(shop.tenant, role="rep")
    owned = {east.id: [], west.id: []}
    for i in range(20):
        owner = east if i % 2 else west
        customer = shop.make_customer(shop.tenant, owner_id=owner.id).id
        owned[owner.id].append(customer)
        for k in range(i % 4 + 1):
            shop.order(
                customer,
                NOW - timedelta(days=300 - 40 * k - i * 3),
                lines=[(i % 3, str(20 + (i * 7 + k * 5) % 23), "10"), (3, "20", None)],
            )
    manager = api_client(make_user(shop.tenant, role="manager"))
    refit = manager.post("/api/v1/retail/analyze", json={"time_unit": "day", "min_support": 0.05})
    assert refit.status_code == 200, refit.text
    return shop, east, owned[east.id], owned[west.id]


def test_rep_cannot_read_clv_or_rfm_of_hidden_customers(analysed, api_client):
    _shop, east, mine, theirs = analysed
    client = api_client(east)
    assert client.get(f"/api/v1/retail/value/{mine[0]}").status_code == 200
    for customer in theirs:
        answer = client.get(f"/api/v1/retail/value/{customer}")
        assert answer.status_code == 404
        assert answer.json()["detail"] == f"customer {customer} not found"


def test_rep_cannot_read_recommendations_for_hidden_customers(analysed, api_client):
    _shop, east, mine, theirs = analysed
    client = api_client(east)
    assert client.get(f"/api/v1/retail/recommendations/{mine[0]}").status_code == 200
    assert all(client.get(f"/api/v1/retail/recommendations/{c}").status_code == 404 for c in theirs)


def test_rep_cannot_list_tenant_wide_analytics(analysed, api_client):
    _shop, east, _mine, _theirs = analysed
    client = api_client(east)
    for path in ("segments", "key-customers", "churn-risk"):
        assert client.get(f"/api/v1/retail/{path}").status_code == 403, path


def _rfm_total(html: str) -> int:
    found = re.search(r'<ul class="retail-rfm">(.*?)</ul>', html, re.S)
    assert found, "no RFM segments on the dashboard"
    return sum(int(n.replace(",", "")) for n in re.findall(r"<li>[^<:]*: ([\d,]+)</li>", found.group(1)))


def test_dashboard_rfm_segments_count_only_the_reps_customers(analysed, make_user, browser):
    shop, east, mine, _theirs = analysed
    assert _rfm_total(browser(east).get("/").text) == len(mine)
    assert _rfm_total(browser(make_user(shop.tenant, role="manager")).get("/").text) == 20
