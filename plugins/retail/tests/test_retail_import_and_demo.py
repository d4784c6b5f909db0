"""Importing products and orders through core's import, and the demo shop."""

from __future__ import annotations

from decimal import Decimal

from guanxi_retail.catalog.importing import load_products
from guanxi_retail.catalog.models import RetailProduct, RetailStore
from guanxi_retail.demo import seed_demo
from guanxi_retail.loyalty.models import LoyaltyAccount
from guanxi_retail.orders.importing import load_orders
from guanxi_retail.orders.models import RetailOrder, RetailOrderLine
from sqlmodel import func, select

from sdk import ImportRow, Interaction, Tenant


def _count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def test_guanxi_register_import_types_offers_retail_types_only_to_tenants_with_retail(make_tenant, uow):
    from sdk.testing import hooks_for

    with_retail, without = make_tenant(packs=["retail"]), make_tenant(packs=[])
    with uow(with_retail) as session:
        keys = {t.key for t in hooks_for(session, with_retail).import_types(tenant=with_retail)}
    assert {"retail-products", "retail-orders"} <= keys
    with uow(without) as session:
        keys = {t.key for t in hooks_for(session, without).import_types(tenant=without)}
    assert not {"retail-products", "retail-orders"} & keys


def test_importing_products_and_orders_twice_creates_nothing_new(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["retail"])
    make_customer(tenant, external_id="C-1")
    products = [
        ImportRow(2, {"sku": "LJ", "name": "龙井", "price": "¥98.00"}),
        ImportRow(3, {"sku": "CUP", "name": "杯", "price": "abc"}),
    ]
    orders = [
        ImportRow(
            2,
            {
                "order_ref": "A-1",
                "customer": "C-1",
                "sku": "LJ",
                "quantity": "2",
                "ordered_at": "2026-03-01 10:00",
            },
        ),
        ImportRow(3, {"order_ref": "A-1", "customer": "C-1", "sku": "LJ", "unit_price": "90"}),
        ImportRow(4, {"order_ref": "A-2", "customer": "C-404", "sku": "LJ"}),
    ]
    for _ in range(2):
        with uow(tenant) as session:
            t = session.get(Tenant, tenant.id)
            assert set(load_products(session=session, tenant=t, rows=products)) == {3}
            problems = load_orders(session=session, tenant=t, rows=orders)
            assert set(problems) == {4} and "C-404" in problems[4].reason
    with uow(tenant) as session:
        assert _count(session, RetailProduct) == 1
        [order] = session.exec(select(RetailOrder)).all()
        assert order.total == Decimal("286.00") and order.external_ref == "A-1"
        assert _count(session, RetailOrderLine) == 2
        assert _count(session, Interaction) == 1


def test_product_import_accepts_a_free_product(make_tenant, uow):
    tenant = make_tenant(packs=["retail"])
    with uow(tenant) as session:
        t = session.get(Tenant, tenant.id)
        rows = [ImportRow(2, {"sku": "GIFT-BAG", "name": "赠品袋", "price": "0"})]
        assert load_products(session=session, tenant=t, rows=rows) == {}
        [product] = session.exec(select(RetailProduct)).all()
        assert product.price == Decimal("0")


def test_demo_shop_has_a_catalog_stores_a_year_of_orders_and_points(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["retail"])
    for _ in range(12):
        make_customer(tenant)
    with uow(tenant) as session:
        seed_demo(session=session, tenant=session.get(Tenant, tenant.id))
    with uow(tenant) as session:
        assert _count(session, RetailProduct) == 40 and _count(session, RetailStore) == 3
        assert _count(session, RetailOrder) == 300 and _count(session, RetailOrderLine) >= 300
        assert session.exec(select(func.sum(LoyaltyAccount.balance))).one() > 0
        assert _count(session, Interaction) == 300
