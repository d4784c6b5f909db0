"""What a shop relies on for its records: products, stores, orders with lines, returns, the timeline."""

from __future__ import annotations

from decimal import Decimal

from guanxi_retail.orders.models import RetailOrder, RetailOrderLine
from sqlmodel import func, select

from sdk import Interaction


def test_order_with_lines_is_priced_from_the_catalog_and_appears_once_on_the_timeline(
    make_tenant, make_customer, make_user, api_client, shop, uow
):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    rep = make_user(tenant, role="rep")
    customer = make_customer(tenant, owner_id=rep.id)
    client = api_client(rep)
    answer = client.post(
        "/api/v1/retail/orders",
        json={
            "customer_id": customer.id,
            "external_ref": "POS-1",
            "lines": [{"sku": "LJ", "quantity": 2}, {"sku": "CUP", "quantity": 1, "unit_price": "20.00"}],
        },
    )
    assert answer.status_code == 201, answer.text
    order = answer.json()
    assert Decimal(order["total"]) == Decimal("220.00")
    assert [(line["quantity"], Decimal(line["amount"])) for line in order["lines"]] == [
        (2, Decimal("200.00")),
        (1, Decimal("20.00")),
    ]
    assert Decimal(order["lines"][0]["cost"]) == Decimal("80.00")
    with uow(tenant) as session:
        purchases = session.exec(select(Interaction).where(Interaction.customer_id == customer.id)).all()
        timeline = [(i.kind, i.source, i.amount) for i in purchases]
        assert timeline == [("purchase", "retail", Decimal("220.00"))]
        assert session.exec(select(func.count()).select_from(RetailOrder)).one() == 1
        assert session.exec(select(func.count()).select_from(RetailOrderLine)).one() == 2


def test_bad_order_input_is_refused_with_the_field_named(
    make_tenant, make_customer, make_user, api_client, shop, uow
):
    tenant = make_tenant(packs=["retail"])
    shop(tenant)
    rep = make_user(tenant, role="rep")
    customer = make_customer(tenant, owner_id=rep.id)
    client = api_client(rep)
    unknown = client.post(
        "/api/v1/retail/orders", json={"customer_id": customer.id, "lines": [{"sku": "LJ"}, {"sku": "NOPE"}]}
    )
    assert unknown.status_code == 422
    assert "lines.1.product" in unknown.text
    mismatch = client.post(
        "/api/v1/retail/orders", json={"customer_id": customer.id, "total": "5.00", "lines": [{"sku": "LJ"}]}
    )
    assert mismatch.status_code == 422 and "total" in mismatch.text
    neither = client.post("/api/v1/retail/orders", json={"customer_id": customer.id})
    assert neither.status_code == 422 and "total" in neither.text
    price = client.post("/api/v1/retail/products", json={"sku": "X", "name": "x", "price": "-1"})
    assert price.status_code in (403, 422)
    with uow(tenant) as session:
        assert session.exec(select(func.count()).select_from(RetailOrder)).one() == 0
        assert session.exec(select(func.count()).select_from(Interaction)).one() == 0


def test_manager_creates_products_and_stores_and_rep_cannot(make_tenant, make_user, api_client):
    tenant = make_tenant(packs=["retail"])
    manager = api_client(make_user(tenant, role="manager"))
    rep = api_client(make_user(tenant, role="rep"))
    assert manager.post("/api/v1/retail/categories", json={"code": "TEA", "name": "茶"}).status_code == 201
    made = manager.post(
        "/api/v1/retail/products", json={"sku": "LJ", "name": "龙井", "price": "98.00", "category": "TEA"}
    )
    assert made.status_code == 201, made.text
    assert (
        manager.post(
            "/api/v1/retail/products", json={"sku": "LJ", "name": "again", "price": "1.00"}
        ).status_code
        == 409
    )
    bad = manager.post(
        "/api/v1/retail/products", json={"sku": "Z", "name": "z", "price": "1.00", "category": "NOPE"}
    )
    assert bad.status_code == 422 and "category" in bad.text
    store = manager.post(
        "/api/v1/retail/stores", json={"code": "SH", "name": "南京西路店", "channel": "store", "city": "上海"}
    )
    assert store.status_code == 201
    assert (
        manager.post(
            "/api/v1/retail/stores", json={"code": "X", "name": "x", "channel": "teleport"}
        ).status_code
        == 422
    )
    refused = rep.post("/api/v1/retail/products", json={"sku": "R", "name": "r", "price": "1.00"})
    assert refused.status_code == 403
    assert [p["sku"] for p in rep.get("/api/v1/retail/products").json()] == ["LJ"]
    assert [s["code"] for s in rep.get("/api/v1/retail/stores").json()] == ["SH"]


def test_returns_never_exceed_what_was_paid(make_tenant, make_customer, make_user, api_client, shop):
    tenant = make_tenant(packs=["retail"])
    ids = shop(tenant)
    rep = make_user(tenant, role="rep")
    customer = make_customer(tenant, owner_id=rep.id)
    client = api_client(rep)
    order = client.post(
        "/api/v1/retail/orders", json={"customer_id": customer.id, "lines": [{"sku": "LJ"}, {"sku": "BOX"}]}
    ).json()
    first = client.post(
        "/api/v1/retail/returns",
        json={"order_id": order["id"], "product_id": ids["LJ"], "amount": "60.00", "reason": "破损"},
    )
    assert first.status_code == 201, first.text
    too_much = client.post(
        "/api/v1/retail/returns", json={"order_id": order["id"], "product_id": ids["LJ"], "amount": "50.00"}
    )
    assert too_much.status_code == 422 and "amount" in too_much.text and "40.00" in too_much.text
    wrong_product = client.post(
        "/api/v1/retail/returns", json={"order_id": order["id"], "product_id": ids["CUP"], "amount": "1.00"}
    )
    assert wrong_product.status_code == 422 and "product_id" in wrong_product.text
    assert (
        client.post("/api/v1/retail/returns", json={"order_id": order["id"], "amount": "340.00"}).status_code
        == 201
    )
    assert len(client.get("/api/v1/retail/returns", params={"order_id": order["id"]}).json()) == 2


def test_tenants_never_see_each_others_catalog_or_orders(
    make_tenant, make_customer, make_user, api_client, shop
):
    shop_a, shop_b = make_tenant(packs=["retail"]), make_tenant(packs=["retail"])
    ids = shop(shop_a)
    customer = make_customer(shop_a)
    client_a = api_client(make_user(shop_a, role="owner"))
    client_b = api_client(make_user(shop_b, role="owner"))
    order = client_a.post(
        "/api/v1/retail/orders", json={"customer_id": customer.id, "lines": [{"sku": "LJ"}]}
    ).json()
    assert client_b.get("/api/v1/retail/products").json() == []
    assert client_b.get("/api/v1/retail/orders").json() == []
    stolen = client_b.post(
        "/api/v1/retail/orders",
        json={"customer_id": make_customer(shop_b).id, "lines": [{"product_id": ids["LJ"]}]},
    )
    assert stolen.status_code == 422
    assert (
        client_b.post("/api/v1/retail/returns", json={"order_id": order["id"], "amount": "1.00"}).status_code
        == 404
    )


def test_tenant_without_retail_gets_404_on_pack_routes_and_pages(make_tenant, make_user, api_client, browser):
    tenant = make_tenant(packs=[])
    user = make_user(tenant, role="owner")
    client = api_client(user)
    for path in (
        "/api/v1/retail/products",
        "/api/v1/retail/orders",
        "/api/v1/retail/campaigns",
        "/api/v1/retail/loyalty/members/1",
    ):
        assert client.get(path).status_code == 404, path
    web = browser(user)
    for path in ("/retail/", "/retail/orders", "/retail/products", "/retail/loyalty", "/retail/campaigns"):
        assert web.get(path).status_code == 404, path
    assert 'href="/retail/"' not in web.get("/").text
