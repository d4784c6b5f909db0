"""What a pharma sales team can rely on from the pharma sales pack's foundation."""

from __future__ import annotations

import pytest
from guanxi_pharma_sales.models import PharmaMarketReport, PharmaTerritory
from guanxi_pharma_sales.service import file_report, list_reports
from guanxi_pharma_sales.territories import DEFAULT_TERRITORIES, create_territory
from sqlalchemy import inspect
from sqlmodel import select

from sdk import Conflict, InvalidInput, disable_pack, enable_pack

REPORT = {"topic": "tender", "content": "阿托伐他汀集采中选价下调"}


def _codes(uow, tenant) -> set[str]:
    with uow(tenant) as session:
        return set(session.exec(select(PharmaTerritory.code)).all())


def _reports(uow, tenant) -> list[PharmaMarketReport]:
    with uow(tenant) as session:
        return list_reports(session=session)


def test_pharma_sales_pack_is_installed_and_loaded(guanxi_registry):
    pack = guanxi_registry.packs["pharma-sales"]
    assert pack.version == "0.1.0"
    assert pack.info.titles == {"zh_Hans": "医药销售", "zh_Hant": "醫藥銷售"}
    tables = {m.__tablename__ for m in pack.models}
    assert tables == {"pharma_sales_territories", "pharma_sales_market_reports"}


def test_migration_creates_tenant_keyed_tables(guanxi_engine):
    inspector = inspect(guanxi_engine)
    for table in ("pharma_sales_territories", "pharma_sales_market_reports"):
        assert inspector.has_table(table)
        for index in inspector.get_indexes(table):
            assert index["column_names"][0] == "tenant_id", index
    keys = inspector.get_foreign_keys("pharma_sales_market_reports")
    to_customers = [fk for fk in keys if fk["referred_table"] == "customers"]
    # tenant-led, and deleting a customer only clears the report's customer (SQLite keeps a
    # single-column SET NULL key beside the tenant-led one: see core.tenantkeys)
    assert ["tenant_id", "customer_id"] in [fk["constrained_columns"] for fk in to_customers]
    assert any((fk["options"].get("ondelete") or "").startswith("SET NULL") for fk in to_customers)
    fks = {fk["referred_table"]: fk for fk in keys}
    assert fks["pharma_sales_territories"]["constrained_columns"] == ["tenant_id", "territory_code"]


def test_enabling_seeds_the_national_and_regional_territories(make_tenant, uow):
    tenant = make_tenant(packs=["pharma-sales"])
    assert _codes(uow, tenant) == {code for code, *_ in DEFAULT_TERRITORIES}


def test_reenabling_keeps_territories_and_reports_and_does_not_reseed(make_tenant, make_customer, uow):
    tenant = make_tenant(packs=["pharma-sales"])
    customer = make_customer(tenant)
    with uow(tenant) as session:
        create_territory(session=session, tenant=tenant, code="SH", name="上海", parent_code="EAST")
        file_report(session=session, tenant=tenant, territory_code="SH", customer_id=customer.id, **REPORT)
        session.delete(session.exec(select(PharmaTerritory).where(PharmaTerritory.code == "NORTHEAST")).one())
    with uow(tenant) as session:
        disable_pack(session=session, tenant=tenant, pack="pharma-sales")
    with uow(tenant) as session:
        enable_pack(session=session, tenant=tenant, pack="pharma-sales")
    codes = _codes(uow, tenant)
    assert "SH" in codes and "NORTHEAST" not in codes  # the tenant's edit is not undone
    [report] = _reports(uow, tenant)
    assert (report.territory_code, report.customer_id) == ("SH", customer.id)


def test_visit_with_market_information_is_filed_as_a_report(
    make_tenant, make_customer, make_interaction, uow
):
    tenant = make_tenant(packs=["pharma-sales"])
    customer = make_customer(tenant, name="华山医院", kind="organization")
    visit = make_interaction(
        tenant, customer, kind="visit", payload={"market_report": {**REPORT, "territory_code": "EAST"}}
    )
    make_interaction(tenant, customer, kind="visit")  # nothing attached: no report
    [report] = _reports(uow, tenant)
    assert (report.customer_id, report.territory_code, report.topic) == (customer.id, "EAST", "tender")
    assert report.reported_at == visit.occurred_at


def test_malformed_market_information_refuses_the_visit_naming_the_field(
    make_tenant, make_customer, make_interaction
):
    tenant = make_tenant(packs=["pharma-sales"])
    customer = make_customer(tenant)
    with pytest.raises(InvalidInput) as caught:
        make_interaction(
            tenant, customer, kind="visit", payload={"market_report": {"topic": "gossip", "content": "x"}}
        )
    assert [p.field for p in caught.value.problems] == ["payload.market_report.topic"]


def test_tenant_without_the_pack_gets_no_reports_or_territories(
    make_tenant, make_customer, make_interaction, uow
):
    tenant = make_tenant()
    make_interaction(
        tenant, make_customer(tenant), kind="visit", payload={"market_report": {"topic": "gossip"}}
    )
    assert _reports(uow, tenant) == [] and _codes(uow, tenant) == set()


def test_reports_are_company_data_visible_to_the_whole_tenant_only(make_tenant, make_customer, uow):
    mine, theirs = make_tenant(packs=["pharma-sales"]), make_tenant(packs=["pharma-sales"])
    with uow(mine) as session:
        file_report(session=session, tenant=mine, **REPORT)
    assert len(_reports(uow, mine)) == 1 and _reports(uow, theirs) == []
    with pytest.raises(InvalidInput) as caught, uow(theirs) as session:  # codes are per tenant
        file_report(session=session, tenant=theirs, territory_code="SH-ONLY-MINE", **REPORT)
    assert [p.field for p in caught.value.problems] == ["territory_code"]


def test_territory_input_is_checked(make_tenant, uow):
    tenant = make_tenant(packs=["pharma-sales"])
    with pytest.raises(InvalidInput) as caught, uow(tenant) as session:
        create_territory(session=session, tenant=tenant, code="bad code!", name="x", parent_code="NOPE")
    assert [p.field for p in caught.value.problems] == ["code", "parent_code"]
    with pytest.raises(Conflict), uow(tenant) as session:
        create_territory(session=session, tenant=tenant, code="EAST", name="重复")


def test_pharma_sales_industry_edition_enables_the_pack(make_tenant, uow):
    tenant = make_tenant(edition="pharma-sales-industry")
    assert "CN" in _codes(uow, tenant)


def test_demo_seed_adds_city_territories_and_reports(make_tenant, make_customer, uow):
    from guanxi_pharma_sales.demo import seed_demo_reports

    tenant = make_tenant(packs=["pharma-sales"])
    make_customer(tenant)
    with uow(tenant) as session:
        assert seed_demo_reports(session=session, tenant=tenant) == 6
    assert {"SH", "GZ"} <= _codes(uow, tenant)
    assert len(_reports(uow, tenant)) == 6


def test_api_lists_and_files_reports(make_tenant, make_user, api_client):
    tenant = make_tenant(packs=["pharma-sales"])
    rep = make_user(tenant, role="rep")
    client = api_client(rep)
    created = client.post("/api/v1/pharma-sales/reports", json={**REPORT, "territory_code": "SOUTH"})
    assert created.status_code == 201, created.text
    listed = client.get("/api/v1/pharma-sales/reports", params={"territory_code": "SOUTH"}).json()
    assert [r["id"] for r in listed] == [created.json()["id"]]
    territories = client.get("/api/v1/pharma-sales/territories").json()
    assert {t["code"] for t in territories} >= {"CN", "SOUTH"}
    assert created.json()["reported_by"] == rep.id
    manager = api_client(make_user(tenant, role="manager"))
    refused = manager.post(
        "/api/v1/pharma-sales/territories", json={"code": "X1", "name": "x", "parent_code": "NOPE"}
    )
    assert refused.status_code == 422 and "parent_code" in refused.text
    other = api_client(make_user(make_tenant(), role="owner"))
    assert other.get("/api/v1/pharma-sales/reports").status_code == 404
