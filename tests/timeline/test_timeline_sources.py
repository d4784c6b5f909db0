"""The customer timeline: interactions and every enabled pack's records, merged by time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # the fixture's first entry (conftest.py)


def _all(client, customer_id, **params):
    items, cursor = [], None
    while True:
        answer = client.get(
            f"/api/v1/customers/{customer_id}/timeline",
            params={**params, **({"cursor": cursor} if cursor else {})},
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_guanxi_register_timeline_sources_merges_pack_records_with_interactions_by_time(shop, api_client):
    _tenant, customer, owner = shop
    items = api_client(owner).get(f"/api/v1/customers/{customer.id}/timeline").json()["items"]
    assert [(i["source"], i["summary"]) for i in items] == [
        ("appliance-repair.tickets", "冰箱: 不制冷"),
        ("equipment.opportunities", "Two lathes"),
        ("retail.orders", "旗舰店"),
        ("interactions", "first call"),
    ]
    order = items[2]
    assert order["amount"] == "388.00" and order["label"] == "Order"
    assert order["link"] == f"/retail/orders?from_id={order['id']}"


def test_an_order_replaces_the_purchase_it_was_logged_as(shop, api_client):
    _tenant, customer, owner = shop
    items = _all(api_client(owner), customer.id)
    assert [i["kind"] for i in items].count("purchase") == 1


def test_timeline_labels_follow_the_callers_language(shop, make_user, api_client):
    tenant, customer, _ = shop
    reader = make_user(tenant, role="owner", locale="zh_Hant")
    items = api_client(reader).get(f"/api/v1/customers/{customer.id}/timeline").json()["items"]
    assert [i["label"] for i in items] == ["維修工單", "商機", "訂單", "互動"]


def test_paging_is_stable_while_new_entries_arrive(shop, api_client, uow, make_interaction, add_opportunity):
    tenant, customer, owner = shop
    client = api_client(owner)
    with uow(tenant) as session:  # ties across sources at one instant are ordered by source, then id
        for n in range(3):
            add_opportunity(session, tenant, customer, f"tie {n}", T0 + timedelta(hours=1))
    before = _all(client, customer.id)
    assert len(before) == 7
    url = f"/api/v1/customers/{customer.id}/timeline"
    first = client.get(url, params={"limit": 3}).json()
    make_interaction(tenant, customer, summary="arrived later", occurred_at=T0 + timedelta(days=1))
    with uow(tenant) as session:
        add_opportunity(session, tenant, customer, "arrived later too", T0 + timedelta(days=2))
    rest, cursor = [], first["next_cursor"]
    while cursor:
        body = client.get(url, params={"limit": 3, "cursor": cursor}).json()
        rest += body["items"]
        cursor = body["next_cursor"]
    key = [(i["source"], i["id"]) for i in before]
    assert [(i["source"], i["id"]) for i in first["items"] + rest] == key


def test_source_filter_keeps_only_the_named_sources(shop, api_client):
    _tenant, customer, owner = shop
    client = api_client(owner)
    url = f"/api/v1/customers/{customer.id}/timeline"
    orders = client.get(url, params={"source": "retail.orders"}).json()["items"]
    assert [i["source"] for i in orders] == ["retail.orders"]
    two = client.get(url, params={"source": ["interactions", "appliance-repair.tickets"]}).json()["items"]
    assert [i["source"] for i in two] == ["appliance-repair.tickets", "interactions"]
    unknown = client.get(url, params={"source": "hotel.stays"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["field"] == "source"


def test_a_disabled_packs_entries_vanish_from_the_timeline(shop, api_client):
    _tenant, customer, owner = shop
    client = api_client(owner)
    assert client.delete("/api/v1/plugins/equipment").status_code in (200, 204)
    sources = {i["source"] for i in _all(client, customer.id)}
    assert sources == {"appliance-repair.tickets", "retail.orders", "interactions"}
    assert (
        client.get(
            f"/api/v1/customers/{customer.id}/timeline", params={"source": "equipment.opportunities"}
        ).status_code
        == 422
    )


def test_with_retail_disabled_its_purchases_leave_with_its_orders(shop, api_client):
    _tenant, customer, owner = shop
    client = api_client(owner)
    client.delete("/api/v1/plugins/retail")
    assert [i["source"] for i in _all(client, customer.id, source="interactions")] == ["interactions"]


def test_a_forged_cursor_is_refused_naming_cursor(shop, api_client):
    _tenant, customer, owner = shop
    answer = api_client(owner).get(f"/api/v1/customers/{customer.id}/timeline", params={"cursor": "bm9wZQ"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "cursor"


def test_a_rep_cannot_read_the_timeline_of_another_reps_customer(shop, make_user, api_client, uow):
    tenant, customer, _ = shop
    rep = make_user(tenant, role="rep")
    assert api_client(rep).get(f"/api/v1/customers/{customer.id}/timeline").status_code == 404


def test_timeline_never_shows_another_tenants_rows(
    shop, make_tenant, make_customer, uow, api_client, make_user, add_opportunity
):
    _tenant, customer, owner = shop
    other = make_tenant(packs=["retail", "equipment", "appliance-repair"])
    stranger = make_customer(other)
    with uow(other) as session:
        add_opportunity(session, other, stranger, "not yours", T0)
    items = _all(api_client(owner), customer.id)
    assert "not yours" not in {i["summary"] for i in items}
    assert len(items) == 4


def test_every_branch_of_the_merged_timeline_is_scoped_to_the_tenant(shop, guanxi_engine, uow):
    """Isolation stays in one place: the tenant session's criteria reach inside the UNION ALL."""
    from sqlalchemy import event

    from core.packs.state import hooks_for
    from core.timeline.service import merged_timeline

    tenant, customer, _ = shop
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(guanxi_engine, "before_cursor_execute", record)
    try:
        with uow(tenant) as session:
            merged_timeline(
                session=session, tenant=tenant, hooks=hooks_for(session, tenant), customer_id=customer.id
            )
    finally:
        event.remove(guanxi_engine, "before_cursor_execute", record)
    [merged] = [s for s in statements if "UNION ALL" in s]
    for table in ("interactions", "retail_orders", "equipment_opportunities", "appliance_repair_tickets"):
        assert f"{table}.tenant_id = " in merged, table
