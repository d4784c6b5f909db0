"""Packs see imported customers exactly as they see customers created one by one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.errors import PackError
from core.importing.jobs import ImportStopped
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session


def _events(recorder, tenant, event):
    return [payload for name, tid, payload in recorder.EVENTS if name == event and tid == tenant.id]


def _ids(engine, tenant) -> dict[str, int]:
    with tenant_session(engine, tenant.id) as session:
        return {c.external_id: c.id for c in session.scalars(select(Customer))}


def test_guanxi_on_customer_created_runs_for_every_imported_customer(
    recorder, make_tenant, guanxi_engine, write_csv
):
    enabled, other = make_tenant(packs=["recorder"]), make_tenant()
    path = write_csv([["编号", "姓名"], *([f"H{i}", f"客户{i}"] for i in range(5))])
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=enabled, source=path, batch_size=2)
    import_customers(engine=guanxi_engine, registry=get_registry(), tenant=other, source=path, batch_size=2)
    ids = _ids(guanxi_engine, enabled)
    assert _events(recorder, enabled, "customer_created") == [ids[f"H{i}"] for i in range(5)]
    assert _events(recorder, other, "customer_created") == []


def test_guanxi_on_customer_updated_gets_the_changed_fields_of_imported_rows(
    recorder, make_tenant, guanxi_engine, write_csv
):
    tenant = make_tenant(packs=["recorder"])
    import_customers(
        engine=guanxi_engine,
        registry=get_registry(),
        tenant=tenant,
        source=write_csv([["编号", "姓名", "城市"], ["H1", "李娜", "北京"]], name="a.csv"),
    )
    import_customers(
        engine=guanxi_engine,
        registry=get_registry(),
        tenant=tenant,
        source=write_csv([["编号", "姓名", "城市"], ["H1", "李娜", "上海"]], name="b.csv"),
    )
    assert _events(recorder, tenant, "customer_updated") == [["city"]]


def test_guanxi_validate_customer_problems_reject_the_row_not_the_file(
    recorder, make_tenant, guanxi_engine, write_csv
):
    tenant = make_tenant(packs=["recorder"])
    path = write_csv([["编号", "姓名"], ["V1", "forbidden"], ["V2", "李娜"]])
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert (report.accepted, report.rejected) == (1, 1)
    assert (report.rejects[0].line, report.rejects[0].column) == (2, "姓名")
    assert "recorder" in report.rejects[0].reason
    assert set(_ids(guanxi_engine, tenant)) == {"V2"}


def test_a_failing_pack_hook_rolls_its_batch_back_and_names_the_pack(
    recorder, make_tenant, guanxi_engine, write_csv
):
    tenant = make_tenant(packs=["recorder"])
    recorder.FAIL_ON.add("customer_created")
    path = write_csv([["编号", "姓名"], ["F1", "李娜"]])
    with pytest.raises(ImportStopped, match="pack 'recorder' failed") as stopped:
        import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert isinstance(stopped.value.__cause__, PackError)
    assert "no row was saved" in str(stopped.value)
    assert _ids(guanxi_engine, tenant) == {}
