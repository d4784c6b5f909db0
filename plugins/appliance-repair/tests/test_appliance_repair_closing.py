"""Closing a repair asks the customer for a CSAT answer and tells their owner, once."""

from __future__ import annotations

from sqlmodel import select

from sdk import Survey

FRIDGE = {"appliance": "海尔冰箱", "symptom": "冷藏室不制冷"}


def _surveys(uow, tenant) -> list[Survey]:
    with uow(tenant) as session:
        return list(session.exec(select(Survey)).all())


def test_closing_a_ticket_sends_the_csat_survey_and_notifies_the_owner(
    make_tenant, make_user, make_customer, api_client, uow
):
    tenant = make_tenant(packs=["appliance-repair"])
    owner = make_user(tenant, role="owner", locale="zh_Hans")
    customer = make_customer(tenant, owner_id=owner.id)
    client = api_client(owner)
    ticket = client.post(
        "/api/v1/appliance-repair/tickets", json={"customer_id": customer.id, **FRIDGE}
    ).json()
    url = f"/api/v1/appliance-repair/tickets/{ticket['id']}"
    assert client.patch(url, json={"status": "in_progress"}).status_code == 200
    assert _surveys(uow, tenant) == []

    assert client.patch(url, json={"status": "done"}).json()["status"] == "done"
    surveys = _surveys(uow, tenant)
    assert [(s.customer_id, s.kind, s.source) for s in surveys] == [(customer.id, "csat", "appliance-repair")]
    inbox = client.get("/api/v1/notifications").json()["items"]
    assert [n["title"] for n in inbox] == [f"维修已完成：海尔冰箱 (#{ticket['id']})"]


def test_a_reopened_and_closed_ticket_asks_no_second_survey_while_one_waits(
    make_tenant, make_user, make_customer, api_client, uow
):
    tenant = make_tenant(packs=["appliance-repair"])
    owner = make_user(tenant, role="owner")
    customer = make_customer(tenant, owner_id=owner.id)
    client = api_client(owner)
    ticket = client.post(
        "/api/v1/appliance-repair/tickets", json={"customer_id": customer.id, **FRIDGE}
    ).json()
    url = f"/api/v1/appliance-repair/tickets/{ticket['id']}"
    for status in ("done", "in_progress", "done"):
        assert client.patch(url, json={"status": status}).status_code == 200
    assert len(_surveys(uow, tenant)) == 1
    assert len(client.get("/api/v1/notifications").json()["items"]) == 1


def test_cancelling_a_ticket_asks_nothing(make_tenant, make_user, make_customer, api_client, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    owner = make_user(tenant, role="owner")
    customer = make_customer(tenant, owner_id=owner.id)
    client = api_client(owner)
    ticket = client.post(
        "/api/v1/appliance-repair/tickets", json={"customer_id": customer.id, **FRIDGE}
    ).json()
    client.patch(f"/api/v1/appliance-repair/tickets/{ticket['id']}", json={"status": "cancelled"})
    assert _surveys(uow, tenant) == []
    assert client.get("/api/v1/notifications").json()["items"] == []
