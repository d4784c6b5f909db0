"""What a shop can rely on from the retail pack's foundation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from guanxi_retail.demo import seed_demo_orders
from guanxi_retail.orders.models import RetailOrder
from guanxi_retail.orders.service import create_order
from sqlalchemy import inspect
from sqlmodel import func, select

from sdk import Conflict, Interaction, InvalidInput, NotFound, Tenant, disable_pack, enable_pack


def _orders(uow, tenant) -> list[RetailOrder]:
    with uow(tenant) as session:
        return list(session.exec(select(RetailOrder).order_by(RetailOrder.id)).all())


def test_retail_pack_is_installed_and_loaded(guanxi_registry):
    pack = guanxi_registry.packs["retail"]
    assert pack.version == "0.1.0"
    assert pack.info.titles["zh_Hans"] == "零售"
    assert pack.distribution == "guanxi-retail"


def test_migration_creates_orders_table_keyed_by_tenant(guanxi_engine):
    inspector = inspect(guanxi_engine)
    assert inspector.has_table("retail_orders")
    for index in inspector.get_indexes("retail_orders"):
        assert index["column_names"][0] == "tenant_id", index
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("retail_orders")}
    assert ("tenant_id", "external_ref") in uniques
    refs = {fk["referred_table"] for fk in inspector.get_foreign_keys("retail_orders")}
    assert {"customers", "interactions", "tenants"} <= refs


def test_enabling_retail_turns_past_purchases_into_orders(make_tenant, make_customer, make_interaction, uow):
    tenant = make_tenant()
    customer = make_customer(tenant)
    bought = make_interaction(
        tenant,
        customer,
        kind="purchase",
        amount=Decimal("128.50"),
        channel="wechat",
        payload={"store": "天河城店"},
    )
    make_interaction(tenant, customer, kind="purchase")  # no amount: not an order
    make_interaction(tenant, customer, kind="call", amount=Decimal("5"))
    assert _orders(uow, tenant) == []
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="retail")
    [order] = _orders(uow, tenant)
    assert order.source_interaction_id == bought.id
    assert order.total == Decimal("128.50") and order.currency == "CNY"
    assert order.channel == "wechat" and order.store == "天河城店"
    assert order.customer_id == customer.id and order.ordered_at == bought.occurred_at


def test_purchases_logged_while_retail_is_enabled_become_orders(
    make_tenant, make_customer, make_interaction, uow
):
    tenant = make_tenant(packs=["retail"])
    customer = make_customer(tenant)
    bought = make_interaction(tenant, customer, kind="purchase", amount=Decimal("66"), currency="HKD")
    make_interaction(tenant, customer, kind="visit")
    [order] = _orders(uow, tenant)
    assert (order.source_interaction_id, order.total, order.currency) == (bought.id, 66, "HKD")


def test_tenant_without_retail_gets_no_orders(make_tenant, make_customer, make_interaction, uow):
    tenant = make_tenant(packs=[])
    customer = make_customer(tenant)
    make_interaction(tenant, customer, kind="purchase", amount=Decimal("10"))
    assert _orders(uow, tenant) == []


def test_orders_survive_disable_and_reenable_without_duplicates(
    make_tenant, make_customer, make_interaction, uow
):
    tenant = make_tenant(packs=["retail"])
    customer = make_customer(tenant)
    make_interaction(tenant, customer, kind="purchase", amount=Decimal("10"))
    with uow(tenant) as session:
        disable_pack(session=session, tenant=tenant, pack="retail")
    make_interaction(tenant, customer, kind="purchase", amount=Decimal("20"))  # while disabled
    assert [o.total for o in _orders(uow, tenant)] == [10]
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="retail")
    assert sorted(o.total for o in _orders(uow, tenant)) == [10, 20]
    with uow(tenant) as session:  # once more: nothing new to backfill
        disable_pack(session=session, tenant=tenant, pack="retail")
        enable_pack(session=session, tenant=tenant, pack="retail")
    assert len(_orders(uow, tenant)) == 2


def test_order_recorded_through_the_pack_is_on_the_timeline_once(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["retail"])
    customer = make_customer(tenant)
    with uow(tenant) as session:
        order = create_order(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            total=Decimal("388.00"),
            store="南京西路店",
            channel="store",
            external_ref="POS-1",
        )
    [stored] = _orders(uow, tenant)
    assert stored.id == order.id and stored.source_interaction_id is not None
    with uow(tenant) as session:
        purchases = session.exec(select(Interaction).where(Interaction.customer_id == customer.id)).all()
    assert [(i.kind, i.source, i.amount) for i in purchases] == [("purchase", "retail", Decimal("388.00"))]


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("total", {"total": Decimal("-1")}),
        ("total", {"total": Decimal("1.005")}),
        ("currency", {"total": Decimal("1"), "currency": "yuan"}),
        ("channel", {"total": Decimal("1"), "channel": "carrier-pigeon"}),
    ],
)
def test_bad_order_input_is_refused_naming_the_field(make_tenant, make_customer, uow, field, values):
    tenant = make_tenant(packs=["retail"])
    customer = make_customer(tenant)
    with pytest.raises(InvalidInput) as caught, uow(tenant) as session:
        create_order(session=session, tenant=tenant, customer_id=customer.id, **values)
    assert [p.field for p in caught.value.problems] == [field]
    assert _orders(uow, tenant) == []


def test_external_ref_is_unique_per_tenant_only(make_tenant, make_customer, uow):
    first, second = make_tenant(packs=["retail"]), make_tenant(packs=["retail"])
    for tenant in (first, second):
        customer = make_customer(tenant)
        with uow(tenant) as session:
            create_order(
                session=session,
                tenant=tenant,
                customer_id=customer.id,
                total=Decimal("1"),
                external_ref="POS-0001",
            )
    customer = make_customer(first)
    with pytest.raises(Conflict, match="external_ref"), uow(first) as session:
        create_order(
            session=session,
            tenant=first,
            customer_id=customer.id,
            total=Decimal("2"),
            external_ref="POS-0001",
        )
    assert len(_orders(uow, first)) == 1


def test_tenants_never_see_each_others_orders(make_tenant, make_customer, make_interaction, uow):
    mine, theirs = make_tenant(packs=["retail"]), make_tenant(packs=["retail"])
    make_interaction(mine, make_customer(mine), kind="purchase", amount=Decimal("1"))
    other_customer = make_customer(theirs)
    make_interaction(theirs, other_customer, kind="purchase", amount=Decimal("2"))
    assert [o.total for o in _orders(uow, mine)] == [1]
    with pytest.raises(NotFound), uow(mine) as session:
        create_order(session=session, tenant=mine, customer_id=other_customer.id, total=Decimal("3"))


def test_retail_industry_edition_enables_the_pack(make_tenant, make_customer, make_interaction, uow):
    tenant = make_tenant(edition="retail-industry")
    make_interaction(tenant, make_customer(tenant), kind="purchase", amount=Decimal("9.90"))
    assert len(_orders(uow, tenant)) == 1


def test_demo_seed_adds_store_orders(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["retail"])
    for _ in range(3):
        make_customer(tenant)
    with uow(tenant) as session:
        assert seed_demo_orders(session=session, tenant=session.get(Tenant, tenant.id), count=5) == 5
    with uow(tenant) as session:
        assert session.exec(select(func.count()).select_from(RetailOrder)).one() == 5


def test_api_lists_and_records_orders(make_tenant, make_customer, make_user, api_client):
    tenant = make_tenant(packs=["retail"])
    customer = make_customer(tenant)
    client = api_client(make_user(tenant, role="owner"))
    created = client.post(
        "/api/v1/retail/orders", json={"customer_id": customer.id, "total": "45.60", "store": "春熙路店"}
    )
    assert created.status_code == 201, created.text
    listed = client.get("/api/v1/retail/orders", params={"customer_id": customer.id}).json()
    expected = [(created.json()["id"], "45.60", "春熙路店")]
    assert [(o["id"], o["total"], o["store"]) for o in listed] == expected
    refused = client.post("/api/v1/retail/orders", json={"customer_id": customer.id, "total": "-1"})
    assert refused.status_code == 422 and "total" in refused.text


def test_api_answers_404_to_a_tenant_without_retail(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), role="owner"))
    assert client.get("/api/v1/retail/orders").status_code == 404
