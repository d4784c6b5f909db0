"""Who may see and change which repair tickets: record rules and permissions on the pack's API."""

from __future__ import annotations

import pytest
from guanxi_appliance_repair.service import list_tickets, open_ticket

TICKETS = "/api/v1/appliance-repair/tickets"
FRIDGE = {"appliance": "美的冰箱 BCD-520", "symptom": "冷冻室结霜"}


@pytest.fixture
def shop(make_tenant, make_user, make_customer, uow):
    """One shop, two reps each with a customer and a ticket, and a technician assigned to one."""
    tenant = make_tenant(packs=["appliance-repair"])
    east, west = make_user(tenant, role="rep"), make_user(tenant, role="rep")
    technician = make_user(tenant, role="technician")
    east_customer = make_customer(tenant, name="东区客户", owner_id=east.id)
    west_customer = make_customer(tenant, name="西区客户", owner_id=west.id)
    with uow(tenant) as session:
        east_ticket = open_ticket(
            session=session,
            tenant=tenant,
            customer_id=east_customer.id,
            technician_id=technician.id,
            **FRIDGE,
        ).id
        west_ticket = open_ticket(session=session, tenant=tenant, customer_id=west_customer.id, **FRIDGE).id
    return {
        "tenant": tenant,
        "east": east,
        "west": west,
        "technician": technician,
        "east_customer": east_customer.id,
        "west_customer": west_customer.id,
        "east_ticket": east_ticket,
        "west_ticket": west_ticket,
    }


def _count(uow, tenant) -> int:
    with uow(tenant) as session:
        return len(list_tickets(session=session))


def test_rep_cannot_list_other_reps_tickets(shop, api_client):
    listed = api_client(shop["east"]).get(TICKETS)
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [shop["east_ticket"]]
    by_customer = api_client(shop["east"]).get(TICKETS, params={"customer_id": shop["west_customer"]})
    assert by_customer.json() == []


def test_manager_lists_every_ticket(shop, make_user, api_client):
    listed = api_client(make_user(shop["tenant"], role="manager")).get(TICKETS).json()
    assert {t["id"] for t in listed} == {shop["east_ticket"], shop["west_ticket"]}


def test_rep_cannot_open_ticket_for_hidden_customer(shop, api_client, uow):
    answer = api_client(shop["east"]).post(TICKETS, json={"customer_id": shop["west_customer"], **FRIDGE})
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"customer {shop['west_customer']} not found"
    assert _count(uow, shop["tenant"]) == 2


def test_rep_opens_ticket_for_own_customer(shop, api_client):
    answer = api_client(shop["east"]).post(TICKETS, json={"customer_id": shop["east_customer"], **FRIDGE})
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("role", ["viewer", "technician"])
def test_read_only_roles_cannot_open_ticket(shop, make_user, api_client, uow, role):
    client = api_client(make_user(shop["tenant"], role=role))
    answer = client.post(TICKETS, json={"customer_id": shop["east_customer"], **FRIDGE})
    assert answer.status_code == 403
    assert _count(uow, shop["tenant"]) == 2


def test_read_scoped_api_key_cannot_open_ticket(shop, api_key_client, uow):
    client = api_key_client(shop["tenant"], scopes=["read"])
    assert client.get(TICKETS).status_code == 200
    answer = client.post(TICKETS, json={"customer_id": shop["east_customer"], **FRIDGE})
    assert answer.status_code == 403
    assert _count(uow, shop["tenant"]) == 2


def test_technician_updates_their_assigned_ticket(shop, api_client):
    client = api_client(shop["technician"])
    answer = client.patch(f"{TICKETS}/{shop['east_ticket']}", json={"status": "in_progress"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "in_progress" and answer.json()["closed_at"] is None
    done = client.patch(f"{TICKETS}/{shop['east_ticket']}", json={"status": "done"}).json()
    assert done["status"] == "done" and done["closed_at"] is not None


def test_technician_cannot_update_a_ticket_assigned_to_nobody_or_someone_else(shop, api_client):
    answer = api_client(shop["technician"]).patch(
        f"{TICKETS}/{shop['west_ticket']}", json={"status": "in_progress"}
    )
    assert answer.status_code == 403


def test_rep_cannot_update_ticket_of_hidden_customer(shop, api_client):
    answer = api_client(shop["east"]).patch(f"{TICKETS}/{shop['west_ticket']}", json={"status": "cancelled"})
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"ticket {shop['west_ticket']} not found"


def test_viewer_cannot_update_a_ticket(shop, make_user, api_client):
    client = api_client(make_user(shop["tenant"], role="viewer"))
    assert client.patch(f"{TICKETS}/{shop['east_ticket']}", json={"status": "done"}).status_code == 403


def test_unknown_status_is_refused_naming_the_field(shop, api_client):
    answer = api_client(shop["east"]).patch(f"{TICKETS}/{shop['east_ticket']}", json={"status": "lost"})
    assert answer.status_code == 422
    assert "status" in answer.text
