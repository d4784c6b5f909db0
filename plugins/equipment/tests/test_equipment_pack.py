"""What an equipment seller can rely on from the equipment pack's foundation."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from guanxi_equipment.demo import seed_demo_opportunities
from guanxi_equipment.models import EquipmentOpportunity
from guanxi_equipment.service import create_opportunity, list_opportunities
from guanxi_equipment.settings import EquipmentSettings
from guanxi_equipment.stages import DEFAULT_STAGES, stages_for
from sqlalchemy import inspect

from sdk import (
    InvalidInput,
    NotFound,
    TenantPack,
    User,
    disable_pack,
    enable_pack,
    pack_settings,
    save_pack_settings,
    update_customer,
)


def _user(uow, tenant, name: str = "李娜") -> int:
    with uow(tenant) as session:
        user = User(email=f"{uuid.uuid4().hex[:10]}@example.cn", display_name=name)
        session.add(user)
        session.flush()
        return user.id


def _pipeline(uow, tenant) -> list[EquipmentOpportunity]:
    with uow(tenant) as session:
        return list_opportunities(session=session)


def _stage_keys(uow, tenant) -> list[str]:
    with uow(tenant) as session:
        return [s["key"] for s in stages_for(session=session, tenant=tenant)]


def test_equipment_pack_is_installed_and_loaded(guanxi_registry):
    pack = guanxi_registry.packs["equipment"]
    assert pack.version == "0.1.0" and pack.distribution == "guanxi-equipment"
    assert pack.info.titles["zh_Hant"] == "設備銷售"


def test_migration_creates_opportunities_table_keyed_by_tenant(guanxi_engine):
    inspector = inspect(guanxi_engine)
    assert inspector.has_table("equipment_opportunities")
    for index in inspector.get_indexes("equipment_opportunities"):
        assert index["column_names"][0] == "tenant_id", index
    refs = {fk["referred_table"] for fk in inspector.get_foreign_keys("equipment_opportunities")}
    assert {"customers", "users", "tenants"} <= refs


def test_enabling_seeds_the_default_sales_stages(make_tenant, uow):
    tenant = make_tenant(packs=["equipment"])
    with uow(tenant) as session:
        config = pack_settings(session, tenant, EquipmentSettings).model_dump()
    assert [s["key"] for s in config["stages"]] == [s["key"] for s in DEFAULT_STAGES]


def test_own_stages_and_opportunities_survive_disable_and_reenable(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["equipment"])
    customer = make_customer(tenant)
    own = [
        {"key": "visit", "title": "拜访", "probability": 20, "closed": False},
        {"key": "signed", "title": "签约", "probability": 100, "closed": True},
    ]
    with uow(tenant) as session:
        save_pack_settings(session=session, tenant=tenant, pack="equipment", values={"stages": own})
    with uow(tenant) as session:
        create_opportunity(session=session, tenant=tenant, customer_id=customer.id, title="注塑机")
    with uow(tenant) as session:
        disable_pack(session=session, tenant=tenant, pack="equipment")
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="equipment")
    assert _stage_keys(uow, tenant) == ["visit", "signed"]
    [opportunity] = _pipeline(uow, tenant)
    assert (opportunity.title, opportunity.stage) == ("注塑机", "visit")


def test_opportunity_starts_at_first_stage_with_the_customers_owner(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["equipment"])
    rep = _user(uow, tenant)
    customer = make_customer(tenant, owner_id=rep)
    with uow(tenant) as session:
        create_opportunity(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            title="数控车床",
            amount=Decimal("360000"),
            expected_close=date(2027, 3, 31),
        )
        won = create_opportunity(
            session=session, tenant=tenant, customer_id=customer.id, title="维保合同", stage="won"
        )
    opened, closed = sorted(_pipeline(uow, tenant), key=lambda o: o.id)
    assert (opened.stage, opened.owner_id, opened.currency, opened.closed_at) == ("lead", rep, "CNY", None)
    assert closed.id == won.id and closed.closed_at is not None


def test_open_opportunities_follow_the_customer_to_a_new_owner(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["equipment"])
    old, new, other = _user(uow, tenant), _user(uow, tenant, "陈伟"), _user(uow, tenant, "王芳")
    customer = make_customer(tenant, owner_id=old)
    with uow(tenant) as session:
        deals = (("开放", "proposal", old), ("已赢", "won", old), ("同事的", "lead", other))
        for title, stage, owner in deals:
            create_opportunity(
                session=session,
                tenant=tenant,
                customer_id=customer.id,
                title=title,
                stage=stage,
                owner_id=owner,
            )
    with uow(tenant) as session:
        update_customer(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"owner_id": new},
            expected_version=customer.version,
        )
    owners = {o.title: o.owner_id for o in _pipeline(uow, tenant)}
    assert owners == {"开放": new, "已赢": old, "同事的": other}


def test_tenant_without_the_pack_keeps_its_opportunities_untouched(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["equipment"])
    old, new = _user(uow, tenant), _user(uow, tenant)
    customer = make_customer(tenant, owner_id=old)
    with uow(tenant) as session:
        create_opportunity(session=session, tenant=tenant, customer_id=customer.id, title="开放")
        disable_pack(session=session, tenant=tenant, pack="equipment")
    with uow(tenant) as session:
        update_customer(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"owner_id": new},
            expected_version=customer.version,
        )
    assert [o.owner_id for o in _pipeline(uow, tenant)] == [old]


def test_bad_opportunity_input_is_refused_naming_every_field(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["equipment"])
    customer = make_customer(tenant)
    with pytest.raises(InvalidInput) as caught, uow(tenant) as session:
        create_opportunity(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            title=" ",
            stage="dreaming",
            amount=Decimal("-5"),
            currency="yuan",
            owner_id=10**9,
        )
    assert [p.field for p in caught.value.problems] == ["amount", "currency", "title", "stage", "owner_id"]
    assert _pipeline(uow, tenant) == []


def test_tenants_never_see_each_others_opportunities(make_tenant, make_customer, uow):
    mine, theirs = make_tenant(packs=["equipment"]), make_tenant(packs=["equipment"])
    their_customer = make_customer(theirs)
    their_rep = _user(uow, theirs)
    with uow(theirs) as session:
        create_opportunity(session=session, tenant=theirs, customer_id=their_customer.id, title="x")
    assert _pipeline(uow, mine) == []
    with pytest.raises(NotFound), uow(mine) as session:
        create_opportunity(session=session, tenant=mine, customer_id=their_customer.id, title="y")
    with pytest.raises(InvalidInput, match="owner_id"), uow(mine) as session:
        create_opportunity(
            session=session, tenant=mine, customer_id=make_customer(mine).id, title="z", owner_id=their_rep
        )


def test_equipment_industry_edition_enables_the_pack(make_tenant, uow):
    tenant = make_tenant(edition="equipment-industry")
    assert _stage_keys(uow, tenant)[0] == "lead"
    with uow(tenant) as session:
        assert session.get(TenantPack, (tenant.id, "equipment")).enabled


def test_demo_seed_fills_every_stage(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["equipment"])
    make_customer(tenant)
    with uow(tenant) as session:
        assert seed_demo_opportunities(session=session, tenant=tenant) == 7
    assert {o.stage for o in _pipeline(uow, tenant)} == {s["key"] for s in DEFAULT_STAGES}


def test_api_lists_stages_and_records_opportunities(make_tenant, make_customer, make_user, api_client):
    tenant = make_tenant(packs=["equipment"])
    customer = make_customer(tenant)
    rep = make_user(tenant, role="owner")
    client = api_client(rep)
    assert [s["key"] for s in client.get("/api/v1/equipment/stages").json()][:2] == ["lead", "qualified"]
    created = client.post(
        "/api/v1/equipment/opportunities",
        json={"customer_id": customer.id, "title": "激光切割机", "amount": "520000.00"},
    )
    assert created.status_code == 201, created.text
    listed = client.get("/api/v1/equipment/opportunities", params={"open_only": True}).json()
    expected = [(created.json()["id"], "520000.00", "lead")]
    assert [(o["id"], o["amount"], o["stage"]) for o in listed] == expected
    assert listed[0]["owner_id"] == rep.id
    other = api_client(make_user(make_tenant(), role="owner"))
    assert other.get("/api/v1/equipment/stages").status_code == 404
