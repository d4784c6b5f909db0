"""What an appliance service shop can rely on from the repair pack's foundation."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from guanxi_appliance_repair.demo import seed_demo_tickets
from guanxi_appliance_repair.models import RepairTicket
from guanxi_appliance_repair.service import list_tickets, open_ticket
from guanxi_appliance_repair.settings import RepairSettings
from guanxi_appliance_repair.warranty import add_months
from sqlalchemy import inspect

from sdk import InvalidInput, NotFound, User, disable_pack, enable_pack, pack_settings, save_pack_settings

FRIDGE = {"appliance": "海尔冰箱 BCD-470", "symptom": "冷藏室不制冷"}


def _tickets(uow, tenant) -> list[RepairTicket]:
    with uow(tenant) as session:
        return list_tickets(session=session)


def _config(uow, tenant) -> dict:
    with uow(tenant) as session:
        return pack_settings(session, tenant, RepairSettings).model_dump()


def _choose_warranty(uow, tenant, months: int) -> None:
    with uow(tenant) as session:
        save_pack_settings(
            session=session, tenant=tenant, pack="appliance-repair", values={"warranty_months": months}
        )


def _technician(uow, tenant) -> int:
    with uow(tenant) as session:
        user = User(email=f"{uuid.uuid4().hex[:10]}@example.cn", display_name="张师傅", role="technician")
        session.add(user)
        session.flush()
        return user.id


def test_appliance_repair_pack_is_installed_and_loaded(guanxi_registry):
    pack = guanxi_registry.packs["appliance-repair"]
    assert pack.version == "0.1.0" and pack.distribution == "guanxi-appliance-repair"
    assert pack.info.titles["zh_Hans"] == "家电维修"


def test_migration_creates_tickets_table_keyed_by_tenant(guanxi_engine):
    inspector = inspect(guanxi_engine)
    assert inspector.has_table("appliance_repair_tickets")
    for index in inspector.get_indexes("appliance_repair_tickets"):
        assert index["column_names"][0] == "tenant_id", index
    refs = {fk["referred_table"] for fk in inspector.get_foreign_keys("appliance_repair_tickets")}
    assert {"customers", "users", "tenants"} <= refs


def test_enabling_seeds_a_twelve_month_warranty(make_tenant, uow):
    assert _config(uow, make_tenant(packs=["appliance-repair"])) == {"warranty_months": 12}


def test_warranty_is_derived_from_purchase_date_and_tenant_setting(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    customer = make_customer(tenant)
    _choose_warranty(uow, tenant, 36)
    with uow(tenant) as session:
        derived = open_ticket(
            session=session, tenant=tenant, customer_id=customer.id, purchased_on=date(2024, 2, 29), **FRIDGE
        )
        explicit = open_ticket(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            purchased_on=date(2024, 2, 29),
            warranty_until=date(2030, 1, 1),
            **FRIDGE,
        )
    assert derived.warranty_until == date(2027, 2, 28)
    assert explicit.warranty_until == date(2030, 1, 1) and explicit.in_warranty
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_settings_and_tickets_survive_disable_and_reenable(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    customer = make_customer(tenant)
    _choose_warranty(uow, tenant, 24)
    with uow(tenant) as session:
        open_ticket(session=session, tenant=tenant, customer_id=customer.id, **FRIDGE)
    with uow(tenant) as session:
        disable_pack(session=session, tenant=tenant, pack="appliance-repair")
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="appliance-repair")
    assert _config(uow, tenant) == {"warranty_months": 24}
    assert [t.appliance for t in _tickets(uow, tenant)] == [FRIDGE["appliance"]]


def test_ticket_with_technician_starts_assigned(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    technician = _technician(uow, tenant)
    customer = make_customer(tenant)
    with uow(tenant) as session:
        open_ticket(
            session=session, tenant=tenant, customer_id=customer.id, technician_id=technician, **FRIDGE
        )
        open_ticket(session=session, tenant=tenant, customer_id=customer.id, **FRIDGE)
    assert sorted(t.status for t in _tickets(uow, tenant)) == ["assigned", "open"]


def test_service_call_describing_a_fault_opens_a_ticket(make_tenant, make_customer, make_interaction, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    customer = make_customer(tenant)
    call = make_interaction(
        tenant,
        customer,
        kind="service",
        summary="热线报修",
        payload={"repair": {"appliance": "美的空调", "symptom": "漏水", "purchased_on": "2025-06-18"}},
    )
    make_interaction(tenant, customer, kind="service")  # no repair asked: no ticket
    [ticket] = _tickets(uow, tenant)
    assert (ticket.customer_id, ticket.appliance, ticket.symptom) == (customer.id, "美的空调", "漏水")
    assert ticket.warranty_until == date(2026, 6, 18) and ticket.opened_at == call.occurred_at


def test_bad_service_call_is_refused_naming_the_field(make_tenant, make_customer, make_interaction, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    customer = make_customer(tenant)
    with pytest.raises(InvalidInput) as caught:
        make_interaction(
            tenant,
            customer,
            kind="service",
            payload={"repair": {"appliance": "冰箱", "purchased_on": "last spring"}},
        )
    assert [p.field for p in caught.value.problems] == ["payload.repair.purchased_on"]
    assert _tickets(uow, tenant) == []


def test_tenant_without_the_pack_gets_no_tickets(make_tenant, make_customer, make_interaction, uow):
    tenant = make_tenant()
    make_interaction(
        tenant,
        make_customer(tenant),
        kind="service",
        payload={"repair": {"appliance": "冰箱", "symptom": "不制冷"}},
    )
    assert _tickets(uow, tenant) == []


def test_bad_ticket_input_is_refused_naming_every_field(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    customer = make_customer(tenant)
    with pytest.raises(InvalidInput) as caught, uow(tenant) as session:
        open_ticket(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            appliance=" ",
            symptom="x",
            purchased_on=date(2024, 5, 1),
            warranty_until=date(2023, 1, 1),
            technician_id=10**9,
        )
    assert [p.field for p in caught.value.problems] == ["appliance", "warranty_until", "technician_id"]


def test_tenants_never_see_each_others_tickets(make_tenant, make_customer, uow):
    mine, theirs = make_tenant(packs=["appliance-repair"]), make_tenant(packs=["appliance-repair"])
    their_customer = make_customer(theirs)
    their_technician = _technician(uow, theirs)
    with uow(theirs) as session:
        open_ticket(session=session, tenant=theirs, customer_id=their_customer.id, **FRIDGE)
    assert _tickets(uow, mine) == []
    with pytest.raises(NotFound), uow(mine) as session:
        open_ticket(session=session, tenant=mine, customer_id=their_customer.id, **FRIDGE)
    with pytest.raises(InvalidInput, match="technician_id"), uow(mine) as session:
        open_ticket(
            session=session,
            tenant=mine,
            customer_id=make_customer(mine).id,
            technician_id=their_technician,
            **FRIDGE,
        )


def test_appliance_repair_industry_edition_enables_the_pack(make_tenant, uow):
    tenant = make_tenant(edition="appliance-repair-industry")
    assert _config(uow, tenant)["warranty_months"] == 12


def test_demo_seed_opens_tickets(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["appliance-repair"])
    make_customer(tenant)
    with uow(tenant) as session:
        assert seed_demo_tickets(session=session, tenant=tenant) == 6
    assert len(_tickets(uow, tenant)) == 6


def test_api_lists_and_opens_tickets(make_tenant, make_customer, make_user, api_client):
    tenant = make_tenant(packs=["appliance-repair"])
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, role="owner"))
    created = client.post("/api/v1/appliance-repair/tickets", json={"customer_id": customer.id, **FRIDGE})
    assert created.status_code == 201, created.text
    listed = client.get("/api/v1/appliance-repair/tickets", params={"open_only": True}).json()
    expected = [(created.json()["id"], "open", False)]
    assert [(t["id"], t["status"], t["in_warranty"]) for t in listed] == expected
    other = api_client(make_user(make_tenant(), role="owner"))
    assert other.get("/api/v1/appliance-repair/tickets").status_code == 404
