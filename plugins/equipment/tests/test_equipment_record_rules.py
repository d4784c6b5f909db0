"""Who may see and open which opportunities: record rules and permissions on the pack's API."""

from __future__ import annotations

import pytest
from guanxi_equipment.service import create_opportunity, list_opportunities

OPPORTUNITIES = "/api/v1/equipment/opportunities"
LATHE = {"title": "数控车床 CK6150 两台", "amount": "380000.00"}


@pytest.fixture
def seller(make_tenant, make_user, make_customer, uow):
    """One equipment seller, two reps each with a customer and an opportunity."""
    tenant = make_tenant(packs=["equipment"])
    east, west = make_user(tenant, role="rep"), make_user(tenant, role="rep")
    east_customer = make_customer(tenant, name="东区工厂", owner_id=east.id)
    west_customer = make_customer(tenant, name="西区工厂", owner_id=west.id)
    with uow(tenant) as session:
        east_deal = create_opportunity(
            session=session, tenant=tenant, customer_id=east_customer.id, title="注塑机"
        ).id
        west_deal = create_opportunity(
            session=session, tenant=tenant, customer_id=west_customer.id, title="冲床"
        ).id
    return {
        "tenant": tenant,
        "east": east,
        "west": west,
        "east_customer": east_customer.id,
        "west_customer": west_customer.id,
        "east_deal": east_deal,
        "west_deal": west_deal,
    }


def _count(uow, tenant) -> int:
    with uow(tenant) as session:
        return len(list_opportunities(session=session))


def test_rep_cannot_list_other_reps_opportunities(seller, api_client):
    client = api_client(seller["east"])
    listed = client.get(OPPORTUNITIES)
    assert listed.status_code == 200
    assert [o["id"] for o in listed.json()] == [seller["east_deal"]]
    assert client.get(OPPORTUNITIES, params={"customer_id": seller["west_customer"]}).json() == []
    assert client.get(OPPORTUNITIES, params={"owner_id": seller["west"].id}).json() == []


def test_manager_sees_the_whole_pipeline(seller, make_user, api_client):
    listed = api_client(make_user(seller["tenant"], role="manager")).get(OPPORTUNITIES).json()
    assert {o["id"] for o in listed} == {seller["east_deal"], seller["west_deal"]}


def test_rep_cannot_create_opportunity_for_hidden_customer(seller, api_client, uow):
    answer = api_client(seller["east"]).post(
        OPPORTUNITIES, json={"customer_id": seller["west_customer"], **LATHE}
    )
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"customer {seller['west_customer']} not found"
    assert _count(uow, seller["tenant"]) == 2


def test_rep_creates_opportunity_for_own_customer(seller, api_client):
    answer = api_client(seller["east"]).post(
        OPPORTUNITIES, json={"customer_id": seller["east_customer"], **LATHE}
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["owner_id"] == seller["east"].id


@pytest.mark.parametrize("role", ["viewer", "technician"])
def test_viewer_cannot_create_opportunity(seller, make_user, api_client, uow, role):
    client = api_client(make_user(seller["tenant"], role=role))
    answer = client.post(OPPORTUNITIES, json={"customer_id": seller["east_customer"], **LATHE})
    assert answer.status_code == 403
    assert _count(uow, seller["tenant"]) == 2


def test_read_scoped_api_key_cannot_create_opportunity(seller, api_key_client, uow):
    client = api_key_client(seller["tenant"], scopes=["read"])
    assert client.get(OPPORTUNITIES).status_code == 200
    answer = client.post(OPPORTUNITIES, json={"customer_id": seller["east_customer"], **LATHE})
    assert answer.status_code == 403
    assert _count(uow, seller["tenant"]) == 2


def test_write_scoped_api_key_creates_opportunity(seller, api_key_client):
    client = api_key_client(seller["tenant"], scopes=["read", "write"])
    answer = client.post(OPPORTUNITIES, json={"customer_id": seller["west_customer"], **LATHE})
    assert answer.status_code == 201, answer.text
