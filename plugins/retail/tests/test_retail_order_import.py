"""Importing order files: whole orders, set-based, with their timeline entries and points once."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from guanxi_retail.catalog.service import ProductInput, upsert_products
from guanxi_retail.loyalty.config import add_rule, add_tier
from guanxi_retail.loyalty.models import LoyaltyAccount, LoyaltyEntry
from guanxi_retail.orders.models import RetailOrder, RetailOrderLine
from sqlalchemy import event
from sqlmodel import func, select

from sdk import Interaction, Tenant
from sdk.importing import import_file

HEADER = ["订单号", "客户编号", "下单时间", "门店", "货号", "数量", "单价"]


def _count(session, model):
    return session.exec(select(func.count()).select_from(model)).one()


def _file(tmp_path: Path, rows: list[list[str]], name: str = "orders.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


@pytest.fixture
def shop(make_tenant, make_customer, uow):
    """A retail tenant with two members, tea at 98.00 and one point per yuan."""
    tenant = make_tenant(packs=["retail"])
    make_customer(tenant, external_id="C-1")
    make_customer(tenant, external_id="C-2", name="李雷", phone="+8613900000002")
    with uow(tenant) as session:
        t = session.get(Tenant, tenant.id)
        upsert_products(
            session=session,
            tenant=t,
            products=[ProductInput(sku="LJ", name="龙井", price=Decimal("98.00"), cost=None, currency=None)],
        )
        add_rule(session=session, tenant=t, kind="per_amount", rate=Decimal("1"))
        add_tier(session=session, tenant=t, code="gold", name="Gold", min_points=150)
    return tenant


def test_rejected_orders_are_kept_apart_from_the_good_ones(
    shop, guanxi_engine, guanxi_registry, uow, tmp_path
):
    path = _file(
        tmp_path,
        [
            ["A-1", "C-1", "2026-03-01 10:00", "西湖店", "LJ", "2", ""],
            ["A-1", "C-1", "2026-03-01 10:00", "西湖店", "LJ", "1", "90"],
            ["A-2", "C-404", "2026-03-02 10:00", "", "LJ", "1", ""],
            ["A-3", "C-2", "2026-03-02 11:00", "", "NOPE", "1", ""],
            ["A-4", "13900000002", "2026-03-03 11:00", "", "LJ", "x", ""],
            ["A-5", "李雷", "2026-03-04 11:00", "", "LJ", "1", ""],
        ],
    )
    report = import_file(
        engine=guanxi_engine, registry=guanxi_registry, tenant=shop, record_type="retail-orders", source=path
    )
    reasons = {r.line: (r.column, r.reason) for r in report.rejects}
    assert set(reasons) == {4, 5, 6}
    assert reasons[4][0] == "客户编号" and "C-404" in reasons[4][1]
    assert reasons[5][0] == "货号" and "NOPE" in reasons[5][1]
    assert reasons[6][0] == "数量"
    assert (report.accepted, report.created) == (3, 3)
    with uow(shop) as session:
        refs = {o.external_ref: o.total for o in session.exec(select(RetailOrder))}
        assert refs == {"A-1": Decimal("286.00"), "A-5": Decimal("98.00")}
        assert _count(session, RetailOrderLine) == 3


def test_importing_the_same_file_again_creates_nothing(shop, guanxi_engine, guanxi_registry, uow, tmp_path):
    path = _file(
        tmp_path,
        [
            ["B-1", "C-1", "2026-03-01T10:00+08:00", "", "LJ", "1", ""],
            ["B-2", "C-2", "2026-03-01T11:00+08:00", "", "LJ", "3", ""],
        ],
    )
    first = import_file(
        engine=guanxi_engine, registry=guanxi_registry, tenant=shop, record_type="retail-orders", source=path
    )
    again = import_file(
        engine=guanxi_engine, registry=guanxi_registry, tenant=shop, record_type="retail-orders", source=path
    )
    assert (first.created, first.unchanged) == (2, 0)
    assert (again.created, again.unchanged, again.rejected) == (0, 2, 0)
    with uow(shop) as session:
        assert _count(session, RetailOrder) == 2
        assert _count(session, Interaction) == 2
        assert _count(session, LoyaltyEntry) == 2


def test_each_order_is_on_the_timeline_and_earns_its_points_once(
    shop, guanxi_engine, guanxi_registry, uow, tmp_path
):
    path = _file(
        tmp_path,
        [
            ["P-1", "C-2", "2026-03-01T10:00+08:00", "西湖店", "LJ", "1", ""],
            ["P-1", "C-2", "2026-03-01T10:00+08:00", "西湖店", "LJ", "1", ""],
            ["P-2", "C-2", "2026-03-05T10:00+08:00", "", "LJ", "1", ""],
        ],
    )
    import_file(
        engine=guanxi_engine, registry=guanxi_registry, tenant=shop, record_type="retail-orders", source=path
    )
    with uow(shop) as session:
        orders = {o.external_ref: o for o in session.exec(select(RetailOrder))}
        purchases = session.exec(select(Interaction).where(Interaction.kind == "purchase")).all()
        assert sorted(i.id for i in purchases) == sorted(o.source_interaction_id for o in orders.values())
        assert {i.summary for i in purchases} == {"西湖店 购买", "购买"}
        entries = session.exec(select(LoyaltyEntry).order_by(LoyaltyEntry.id)).all()
        assert [(e.order_id, e.points, e.balance_after) for e in entries] == [
            (orders["P-1"].id, 196, 196),
            (orders["P-2"].id, 98, 294),
        ]
        [account] = session.exec(select(LoyaltyAccount)).all()
        assert (account.balance, account.tier_code) == (294, "gold")


def test_a_dry_run_writes_nothing(shop, guanxi_engine, guanxi_registry, uow, tmp_path):
    path = _file(tmp_path, [["D-1", "C-1", "2026-03-01 10:00", "", "LJ", "1", ""]])
    report = import_file(
        registry=guanxi_registry,
        engine=guanxi_engine,
        tenant=shop,
        record_type="retail-orders",
        source=path,
        dry_run=True,
    )
    assert report.dry_run and report.created == 1 and report.job_id is None
    with uow(shop) as session:
        assert _count(session, RetailOrder) == 0
        assert _count(session, Interaction) == 0
        assert _count(session, LoyaltyEntry) == 0


def test_an_orders_lines_are_never_split_across_batches(shop, guanxi_engine, guanxi_registry, uow, tmp_path):
    rows = [[f"S-{n // 3}", "C-1", "2026-03-01 10:00", "", "LJ", "1", ""] for n in range(9)]
    report = import_file(
        registry=guanxi_registry,
        engine=guanxi_engine,
        tenant=shop,
        record_type="retail-orders",
        source=_file(tmp_path, rows),
        batch_size=2,
    )
    assert report.created == 9
    with uow(shop) as session:
        totals = set(session.exec(select(RetailOrder.total)).all())
        assert totals == {Decimal("294.00")} and _count(session, RetailOrder) == 3


def test_a_batch_costs_the_same_statements_for_ten_orders_as_for_one(
    shop, guanxi_engine, guanxi_registry, tmp_path
):
    def statements(count: int, prefix: str) -> int:
        rows = [[f"{prefix}-{n}", "C-1", "2026-03-01 10:00", "", "LJ", "1", ""] for n in range(count)]
        seen: list[str] = []

        def record(*args: object) -> None:
            seen.append(str(args[2])[:90])

        event.listen(guanxi_engine, "before_cursor_execute", record)
        try:
            import_file(
                registry=guanxi_registry,
                engine=guanxi_engine,
                tenant=shop,
                record_type="retail-orders",
                source=_file(tmp_path, rows, f"{prefix}.csv"),
            )
        finally:
            event.remove(guanxi_engine, "before_cursor_execute", record)
        return len(seen)

    ten, one = statements(10, "TEN"), statements(1, "ONE")
    assert ten == one
