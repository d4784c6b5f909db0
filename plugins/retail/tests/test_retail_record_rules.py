"""Who may see and write which retail records: a rep keeps to their own customers' orders, returns,
points and campaign response; read-only callers change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from guanxi_retail.loyalty.ledger import account_of
from guanxi_retail.orders.models import RetailOrder, RetailReturn
from guanxi_retail.orders.returns import record_return
from sqlmodel import func, select

from sdk import Segment

API = "/api/v1/retail"


def _count(uow, tenant, model) -> int:
    with uow(tenant) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _balance(uow, tenant, customer_id) -> int:
    with uow(tenant) as session:
        return account_of(session=session, tenant=tenant, customer_id=customer_id).balance


def test_rep_cannot_list_other_reps_orders(rivals, api_client):
    client = api_client(rivals.east)
    listed = client.get(f"{API}/orders")
    assert listed.status_code == 200
    assert [o["external_ref"] for o in listed.json()] == ["EAST-1"]
    assert client.get(f"{API}/orders", params={"customer_id": rivals.west_customer}).json() == []


def test_manager_lists_every_order(rivals, make_user, api_client):
    listed = api_client(make_user(rivals.tenant, role="manager")).get(f"{API}/orders").json()
    assert {o["external_ref"] for o in listed} == {"EAST-1", "WEST-1"}


def test_rep_cannot_create_order_for_hidden_customer(rivals, api_client, uow):
    answer = api_client(rivals.east).post(
        f"{API}/orders", json={"customer_id": rivals.west_customer, "lines": [{"sku": "CUP", "quantity": 1}]}
    )
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"customer {rivals.west_customer} not found"
    assert _count(uow, rivals.tenant, RetailOrder) == 2


def test_rep_cannot_see_returns_on_other_reps_orders(rivals, make_user, api_client, uow):
    from decimal import Decimal

    with uow(rivals.tenant) as session:
        record_return(session=session, tenant=rivals.tenant, order_id=rivals.west_order, amount=Decimal("50"))
    east = api_client(rivals.east)
    assert east.get(f"{API}/returns").json() == []
    assert east.get(f"{API}/returns", params={"order_id": rivals.west_order}).json() == []
    assert len(api_client(rivals.west).get(f"{API}/returns").json()) == 1


def test_rep_cannot_record_return_on_hidden_customers_order(rivals, api_client, uow):
    answer = api_client(rivals.east).post(
        f"{API}/returns", json={"order_id": rivals.west_order, "amount": "10.00"}
    )
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"order {rivals.west_order} not found"
    assert _count(uow, rivals.tenant, RetailReturn) == 0
    own = api_client(rivals.east).post(
        f"{API}/returns", json={"order_id": rivals.east_order, "amount": "10.00"}
    )
    assert own.status_code == 201, own.text


def test_rep_cannot_read_hidden_customers_loyalty_account(rivals, api_client):
    client = api_client(rivals.east)
    hidden = client.get(f"{API}/loyalty/members/{rivals.west_customer}")
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == f"customer {rivals.west_customer} not found"
    assert client.get(f"{API}/loyalty/members/{rivals.east_customer}").json()["balance"] == 100


def test_rep_cannot_redeem_points_of_hidden_customer(rivals, api_client, uow):
    answer = api_client(rivals.east).post(
        f"{API}/loyalty/redemptions",
        json={"customer_id": rivals.west_customer, "points": 50, "idempotency_key": "till-1"},
    )
    assert answer.status_code == 404
    assert _balance(uow, rivals.tenant, rivals.west_customer) == 300


def test_campaign_response_counts_only_the_reps_customers(rivals, make_user, api_client, uow):
    with uow(rivals.tenant) as session:
        segment = Segment(tenant_id=rivals.tenant.id, name="VIP", filters={"tags": ["vip"]})
        session.add(segment)
        session.flush()
        segment_id = segment.id
    today = date.today()
    manager = api_client(make_user(rivals.tenant, role="manager"))
    created = manager.post(
        f"{API}/campaigns",
        json={
            "name": "会员日",
            "segment_id": segment_id,
            "starts_on": str(today - timedelta(days=2)),
            "ends_on": str(today + timedelta(days=2)),
        },
    )
    assert created.status_code == 201, created.text
    campaign = created.json()["id"]
    everyone = manager.get(f"{API}/campaigns/{campaign}").json()
    assert (everyone["targeted"], everyone["responders"], float(everyone["revenue"])) == (2, 2, 400)
    for answer in (
        api_client(rivals.east).get(f"{API}/campaigns/{campaign}").json(),
        api_client(rivals.east).get(f"{API}/campaigns").json()[0],
    ):
        assert (answer["targeted"], answer["responders"], float(answer["revenue"])) == (1, 1, 100)


WRITES = [
    ("post", "/orders", lambda r: {"customer_id": r.east_customer, "total": "9.00"}),
    ("post", "/returns", lambda r: {"order_id": r.east_order, "amount": "1.00"}),
    (
        "post",
        "/loyalty/redemptions",
        lambda r: {"customer_id": r.east_customer, "points": 1, "idempotency_key": "k-1"},
    ),
    ("post", "/products", lambda r: {"sku": "NEW", "name": "新品", "price": "1.00"}),
    ("post", "/categories", lambda r: {"code": "NEW", "name": "新类"}),
    ("post", "/stores", lambda r: {"code": "S9", "name": "新店"}),
    ("post", "/loyalty/tiers", lambda r: {"code": "gold", "name": "金卡", "min_points": 500}),
    ("patch", "/loyalty/settings", lambda r: {"inactivity_days": 30}),
    (
        "post",
        "/campaigns",
        lambda r: {
            "name": "x",
            "rfm_segments": ["champions"],
            "starts_on": "2026-01-01",
            "ends_on": "2026-01-02",
        },
    ),
    ("post", "/analyze", lambda r: {}),
]


@pytest.mark.parametrize("role", ["viewer", "technician"])
def test_read_only_roles_cannot_write_through_retail_routes(rivals, make_user, api_client, uow, role):
    client = api_client(make_user(rivals.tenant, role=role))
    assert client.get(f"{API}/orders").status_code == 200
    for method, path, body in WRITES:
        answer = getattr(client, method)(f"{API}{path}", json=body(rivals))
        assert answer.status_code == 403, (method, path, answer.text)
    assert (_count(uow, rivals.tenant, RetailOrder), _count(uow, rivals.tenant, RetailReturn)) == (2, 0)
    assert _balance(uow, rivals.tenant, rivals.east_customer) == 100


def test_read_scoped_api_key_cannot_write_through_retail_routes(rivals, api_key_client, uow):
    client = api_key_client(rivals.tenant, scopes=["read"])
    assert len(client.get(f"{API}/orders").json()) == 2
    for method, path, body in WRITES:
        answer = getattr(client, method)(f"{API}{path}", json=body(rivals))
        assert answer.status_code == 403, (method, path, answer.text)
    assert (_count(uow, rivals.tenant, RetailOrder), _count(uow, rivals.tenant, RetailReturn)) == (2, 0)


def test_rep_cannot_change_the_catalog_loyalty_programme_or_campaigns(rivals, api_client):
    client = api_client(rivals.east)
    for method, path, body in WRITES[3:]:
        answer = getattr(client, method)(f"{API}{path}", json=body(rivals))
        assert answer.status_code == 403, (method, path, answer.text)
