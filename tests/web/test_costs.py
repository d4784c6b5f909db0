"""Costs: managers record what winning and keeping customers cost (page, API, CLI, import); CAC,
retention cost and gross profit per customer then have values; reps see only their customers'."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlmodel import col, select
from webhelpers import post_form

from core.metrics.definitions import (
    cost_to_acquire,
    cost_to_retain,
    gross_profit_by_customer,
    gross_profit_per_customer,
)
from core.metrics.models import Cost

URL = "/api/v1/costs"
MONTH = date(2026, 3, 1)
NEXT = date(2026, 4, 1)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, tzinfo=UTC)


def test_recorded_costs_give_cac_and_retention_cost_values(
    make_tenant, make_user, api_client, make_customer, uow
):
    tenant = make_tenant(timezone="UTC")
    client = api_client(make_user(tenant, role="manager"))
    old = make_customer(tenant, name="老客户")
    new = [make_customer(tenant, name=f"新客户{i}") for i in range(3)]
    with uow(tenant) as session:
        for customer in [old, *new]:
            session.get(type(old), customer.id).created_at = _at(MONTH) - timedelta(
                days=60 if customer is old else 0
            )
    from core.interactions.service import log_interaction

    with uow(tenant) as session:
        log_interaction(
            session=session,
            tenant=tenant,
            customer_id=old.id,
            data={"kind": "purchase", "summary": "复购", "occurred_at": _at(MONTH), "amount": Decimal(500)},
        )
    for body in (
        {"category": "acquire", "kind": "marketing", "amount": "3000.00", "incurred_on": "2026-03-01"},
        {"category": "acquire", "kind": "promotion", "amount": "600", "incurred_on": "2026-03-15"},
        {"category": "retain", "kind": "gift", "amount": "250.50", "incurred_on": "2026-03-02"},
        {"category": "acquire", "kind": "marketing", "amount": "9999", "incurred_on": "2026-04-01"},
    ):
        assert client.post(URL, json=body).status_code == 201
    with uow(tenant) as session:
        assert cost_to_acquire(session=session, tenant=tenant, start=MONTH, end=NEXT) == Decimal("1200.00")
        assert cost_to_retain(session=session, tenant=tenant, start=MONTH, end=NEXT) == Decimal("250.50")
    totals = client.get(URL + "/totals", params={"from": "2026-03-01", "to": "2026-04-01"}).json()
    assert {(t["category"], t["kind"]): Decimal(t["total"]) for t in totals} == {
        ("acquire", "marketing"): Decimal("3000.00"),
        ("acquire", "promotion"): Decimal("600.00"),
        ("retain", "gift"): Decimal("250.50"),
    }


def test_reps_see_only_the_costs_of_their_own_customers(make_tenant, make_user, api_client, make_customer):
    tenant = make_tenant()
    alice, bob = make_user(tenant, role="rep"), make_user(tenant, role="rep")
    manager = api_client(make_user(tenant, role="manager"))
    mine, theirs = make_customer(tenant, owner_id=alice.id), make_customer(tenant, owner_id=bob.id)
    day = {"category": "retain", "kind": "gift", "amount": "88", "incurred_on": "2026-03-01"}
    gift_mine = manager.post(URL, json={**day, "customer_id": mine.id}).json()
    gift_theirs = manager.post(URL, json={**day, "customer_id": theirs.id}).json()
    manager.post(URL, json={**day, "category": "acquire", "kind": "marketing"})
    rep = api_client(alice)
    assert [c["id"] for c in rep.get(URL).json()["items"]] == [gift_mine["id"]]
    assert rep.get(f"{URL}/{gift_theirs['id']}").status_code == 404
    assert rep.post(URL, json=day).status_code == 403
    assert rep.delete(f"{URL}/{gift_mine['id']}").status_code == 403
    assert len(manager.get(URL).json()["items"]) == 3


def test_a_cost_is_refused_naming_the_field(make_tenant, make_user, api_client, make_customer):
    tenant, other = make_tenant(), make_tenant()
    client = api_client(make_user(tenant, role="owner"))
    stranger = make_customer(other)
    day = {"category": "acquire", "amount": "10", "incurred_on": "2026-03-01"}
    answer = client.post(URL, json={**day, "amount": "-5"})
    assert answer.status_code == 422 and "amount" in answer.text
    answer = client.post(URL, json={**day, "category": "goods"})
    assert answer.status_code == 422 and "category" in answer.text
    answer = client.post(URL, json={**day, "customer_id": stranger.id})
    assert answer.status_code == 422 and "customer_id" in answer.text
    answer = client.post(URL, json={**day, "segment_id": 999999})
    assert answer.status_code == 422 and "segment_id" in answer.text
    assert client.get(URL).json()["items"] == []


def test_a_manager_deletes_a_cost(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), role="manager"))
    made = client.post(URL, json={"category": "acquire", "amount": "10", "incurred_on": "2026-03-01"}).json()
    assert client.delete(f"{URL}/{made['id']}").status_code == 204
    assert client.get(f"{URL}/{made['id']}").status_code == 404


def test_guanxi_register_goods_costs_retail_order_lines_make_gross_profit(make_tenant, make_customer, uow):
    from guanxi_retail.catalog.service import ProductInput, create_product
    from guanxi_retail.orders.lines import LineInput
    from guanxi_retail.orders.service import create_order

    tenant = make_tenant(packs=["retail"], timezone="UTC")
    first, second = make_customer(tenant), make_customer(tenant)
    with uow(tenant) as session:
        tea = create_product(
            session=session,
            tenant=tenant,
            data=ProductInput(
                sku=f"T{uuid.uuid4().hex[:6]}", name="龙井", price=Decimal(100), cost=Decimal(60)
            ),
        )
        cup = create_product(
            session=session,
            tenant=tenant,
            data=ProductInput(sku=f"C{uuid.uuid4().hex[:6]}", name="茶杯", price=Decimal(50)),
        )
        create_order(
            session=session,
            tenant=tenant,
            customer_id=first.id,
            lines=[LineInput(2, tea.id), LineInput(1, cup.id)],
            ordered_at=_at(MONTH),
        )
        create_order(
            session=session,
            tenant=tenant,
            customer_id=second.id,
            lines=[LineInput(1, tea.id)],
            ordered_at=_at(MONTH),
        )
    with uow(tenant) as session:
        # revenue 250 + 100, goods 120 + 60 (the cup's cost is unknown): (350 - 180) / 2 buyers
        assert gross_profit_per_customer(session=session, tenant=tenant, start=MONTH, end=NEXT) == Decimal(
            "85.00"
        )
        assert gross_profit_by_customer(
            session=session, tenant=tenant, customer_ids=[first.id, second.id], start=MONTH, end=NEXT
        ) == {first.id: Decimal("130.00"), second.id: Decimal("40.00")}
        # the next month has no sales
        assert (
            gross_profit_per_customer(session=session, tenant=tenant, start=NEXT, end=date(2026, 5, 1))
            is None
        )


def test_without_the_retail_pack_gross_profit_equals_revenue(make_tenant, make_customer, uow):
    from core.interactions.service import log_interaction

    tenant = make_tenant(timezone="UTC")
    customer = make_customer(tenant)
    with uow(tenant) as session:
        log_interaction(
            session=session,
            tenant=tenant,
            customer_id=customer.id,
            data={"kind": "purchase", "summary": "x", "occurred_at": _at(MONTH), "amount": Decimal(80)},
        )
    with uow(tenant) as session:
        assert gross_profit_per_customer(session=session, tenant=tenant, start=MONTH, end=NEXT) == Decimal(
            "80.00"
        )


def test_costs_import_twice_adds_nothing_new(make_tenant, make_customer, guanxi_engine, tmp_path, uow):
    from core.importing.bulk import import_file
    from core.packs.loader import get_registry

    tenant = make_tenant()
    make_customer(tenant, name="王芳", external_id="C001")
    source = tmp_path / "costs.csv"
    source.write_text(
        "日期,用途,类别,金额,客户,活动,备注\n"
        "2026-03-01,获客,营销,3000,,双十一,\n"
        "2026-03-02,留客,礼品,88.5,C001,,生日\n"
        "2026-03-03,留客,礼品,-1,C001,,\n"
        "2026-03-04,留客,礼品,10,C999,,\n",
        encoding="utf-8",
    )
    first = import_file(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, record_type="costs", source=source
    )
    assert (first.created, first.rejected) == (2, 2)
    again = import_file(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, record_type="costs", source=source
    )
    assert again.created == 0
    with uow(tenant) as session:
        stored = session.exec(select(Cost).order_by(col(Cost.incurred_on))).all()
    assert [(c.category, c.kind, c.amount, c.campaign) for c in stored] == [
        ("acquire", "marketing", Decimal("3000.00"), "双十一"),
        ("retain", "gift", Decimal("88.50"), ""),
    ]


def test_manager_records_a_cost_on_the_costs_page(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="zh_Hans")
    client = browser_client(make_user(tenant, "manager"))
    form = {
        "category": "acquire",
        "kind": "marketing",
        "amount": "1200",
        "incurred_on": "2026-03-01",
        "campaign": "春节",
    }
    assert post_form(client, "/costs", form).status_code == 303
    page = client.get("/costs").text
    assert "春节" in page and "营销" in page and "记录一笔成本" in page
    refused = post_form(client, "/costs", {**form, "amount": "abc"})
    assert refused.status_code == 422 and 'id="amount-error"' in refused.text


def test_reps_get_the_costs_page_without_the_form(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(), "rep"))
    page = client.get("/costs")
    assert page.status_code == 200 and 'action="/costs"' not in page.text


def test_cli_adds_and_lists_costs(guanxi_database_url, make_tenant):
    from cli_in_process import run_guanxi

    slug = f"t-{uuid.uuid4().hex[:8]}"
    make_tenant(slug=slug)
    added = run_guanxi(
        "costs", "add", "--tenant", slug, "--for", "acquire", "--kind", "marketing", "--amount", "500",
        "--date", "2026-03-01", "--campaign", "地推",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = run_guanxi("costs", "list", "--tenant", slug, "--json")
    assert '"campaign": "地推"' in listed.stdout and '"amount": "500.00"' in listed.stdout
    refused = run_guanxi(
        "costs", "add", "--tenant", slug, "--for", "x", "--amount", "1", "--date", "2026-03-01"
    )
    assert refused.returncode != 0 and "category" in refused.stderr and "Traceback" not in refused.stderr


def test_demo_firm_has_acquisition_and_retention_costs(guanxi_database_url, guanxi_engine):
    from core.demo import create_demo
    from core.packs.loader import get_registry
    from core.tenancy import unit_of_work
    from core.tenants.service import get_tenant

    slug = f"demo-{uuid.uuid4().hex[:6]}"
    create_demo(registry=get_registry(), slug=slug, customers=40)
    with unit_of_work(guanxi_engine, None, read_only=True) as session:
        tenant = get_tenant(session, slug)
    today = datetime.now(UTC).date()
    start = (today - timedelta(days=330)).replace(day=1)
    with unit_of_work(guanxi_engine, tenant.id, registry=get_registry()) as session:
        assert cost_to_acquire(session=session, tenant=tenant, start=start, end=today + timedelta(days=1))
        assert cost_to_retain(session=session, tenant=tenant, start=start, end=today + timedelta(days=1))
