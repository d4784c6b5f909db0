"""Interactions and packs' own record types import through the same machinery."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from core.errors import NotFound
from core.importing.interactions import INTERACTIONS
from core.importing.packtypes import pack_kind
from core.importing.runner import import_customers, run_import
from core.models import Interaction
from core.packs.loader import get_registry
from core.tenancy import tenant_session


@pytest.fixture
def customers(guanxi_engine, tenant, write_csv):
    path = write_csv([["编号", "姓名"], ["C1", "李娜"], ["C2", "王芳"]], name="customers.csv")
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    return tenant


def test_interactions_attach_to_customers_by_external_id_once(guanxi_engine, customers, write_csv):
    path = write_csv(
        [
            ["客户编号", "类型", "时间", "内容", "金额"],
            ["C1", "拜访", "2026/5/1 10:00", "上门拜访", ""],
            ["C2", "消费", "2026-05-02", "买了茶叶", "1,280.50"],
            ["C9", "电话", "2026-05-03", "打错了", ""],
            ["C1", "跳舞", "2026-05-03", "", ""],
        ],
        name="interactions.csv",
    )
    report = run_import(
        engine=guanxi_engine, registry=get_registry(), tenant=customers, kind=INTERACTIONS, source=path
    )
    assert (report.created, report.rejected) == (2, 2)
    assert {(r.line, r.column) for r in report.rejects} == {(4, "客户编号"), (5, "类型")}
    again = run_import(
        engine=guanxi_engine, registry=get_registry(), tenant=customers, kind=INTERACTIONS, source=path
    )
    assert (again.created, again.unchanged) == (0, 2)
    with tenant_session(guanxi_engine, customers.id) as session:
        stored = sorted(session.scalars(select(Interaction)), key=lambda i: i.occurred_at)
    assert [(i.kind, i.amount, i.currency) for i in stored] == [
        ("visit", None, None),
        ("purchase", Decimal("1280.50"), "CNY"),
    ]
    assert stored[0].occurred_at.isoformat() == "2026-05-01T02:00:00+00:00"


def test_an_unknown_pack_record_type_is_refused_naming_what_exists(guanxi_engine, tenant):
    with (
        tenant_session(guanxi_engine, tenant.id, registry=get_registry()) as session,
        pytest.raises(NotFound),
    ):
        pack_kind(session=session, tenant=tenant, key="no-such-type")


def test_a_pack_record_type_is_imported_in_batches_with_its_rejects(
    guanxi_engine, tenant, write_csv, monkeypatch
):
    from core.errors import Problem
    from core.packs.facade import TenantHooks
    from core.records import ImportType

    loaded: list[dict[str, str]] = []

    def load_rows(*, session, tenant, rows):
        loaded.extend(dict(r.values) for r in rows if r.values["sku"] != "BAD")
        return {r.line: Problem("sku", "unknown SKU") for r in rows if r.values["sku"] == "BAD"}

    orders = ImportType(
        "orders", "Orders", {"sku": ("sku", "货号", "貨號"), "qty": ("数量",)}, load_rows, required=("sku",)
    )
    monkeypatch.setattr(TenantHooks, "import_types", lambda self, *, tenant: [orders])
    path = write_csv([["貨號", "数量"], ["A1", "2"], ["BAD", "1"], ["", "3"]], name="orders.csv")
    with tenant_session(guanxi_engine, tenant.id, registry=get_registry()) as session:
        kind = pack_kind(session=session, tenant=tenant, key="orders")
    report = run_import(
        engine=guanxi_engine, registry=get_registry(), tenant=tenant, kind=kind, source=path, batch_size=2
    )
    assert loaded == [{"sku": "A1", "qty": "2"}]
    assert sorted((r.line, r.column) for r in report.rejects) == [(3, "貨號"), (4, "貨號")]


def test_an_interaction_summary_over_the_limit_is_rejected_not_cut_short(guanxi_engine, customers, write_csv):
    path = write_csv(
        [
            ["客户编号", "类型", "时间", "内容"],
            ["C1", "拜访", "2026-05-01", "长" * 2001],
            ["C2", "拜访", "2026-05-01", "短"],
        ],
        name="interactions.csv",
    )
    report = run_import(
        engine=guanxi_engine, registry=get_registry(), tenant=customers, kind=INTERACTIONS, source=path
    )
    assert (report.created, [(r.line, r.column) for r in report.rejects]) == (1, [(2, "内容")])
    with tenant_session(guanxi_engine, customers.id) as session:
        assert [i.summary for i in session.scalars(select(Interaction))] == ["短"]
