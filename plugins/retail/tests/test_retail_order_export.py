"""Exporting orders: a file the order import takes back unchanged, limited to what the caller sees."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from guanxi_retail.orders.models import RetailOrder
from guanxi_retail.orders.service import create_order
from sqlmodel import func, select

from sdk import Interaction, Tenant
from sdk.importing import import_file

EXPORT = "/api/v1/imports/export/retail-orders"


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_orders_import_back_creating_nothing(
    rivals, make_user, api_client, uow, guanxi_engine, guanxi_registry, tmp_path, file_format
):
    with uow(rivals.tenant) as session:
        create_order(
            session=session,
            tenant=session.get(Tenant, rivals.tenant.id),
            customer_id=rivals.east_customer,
            total=Decimal("58.00"),
        )
    answer = api_client(make_user(rivals.tenant, role="manager")).get(EXPORT, params={"format": file_format})
    assert answer.status_code == 200
    path = tmp_path / f"orders.{file_format}"
    path.write_bytes(answer.content)
    report = import_file(
        engine=guanxi_engine,
        registry=guanxi_registry,
        tenant=rivals.tenant,
        record_type="retail-orders",
        source=path,
    )
    assert (report.created, report.rejected, report.unchanged) == (0, 0, 3)
    with uow(rivals.tenant) as session:
        assert session.exec(select(func.count()).select_from(RetailOrder)).one() == 3
        assert session.exec(select(func.count()).select_from(Interaction)).one() == 3


def test_an_export_imported_by_another_shop_recreates_its_orders(
    rivals,
    make_user,
    api_client,
    make_tenant,
    make_customer,
    shop,
    guanxi_engine,
    guanxi_registry,
    uow,
    tmp_path,
):
    answer = api_client(make_user(rivals.tenant, role="owner")).get(EXPORT)
    rows = _rows(answer.content)
    assert list(rows[0]) == [
        "order_ref", "customer", "ordered_at", "store", "channel", "sku", "quantity", "unit_price", "total"
    ]  # fmt: skip
    other = make_tenant(packs=["retail"])
    shop(other)
    make_customer(other, name="东区会员")
    make_customer(other, name="西区会员")
    path = tmp_path / "orders.csv"
    path.write_bytes(answer.content)
    report = import_file(
        engine=guanxi_engine, registry=guanxi_registry, tenant=other, record_type="retail-orders", source=path
    )
    assert (report.created, report.rejected) == (2, 0)
    with uow(other) as session:
        assert sorted(session.exec(select(RetailOrder.external_ref)).all()) == ["EAST-1", "WEST-1"]


def test_a_rep_exports_only_their_customers_orders(rivals, api_client):
    rows = _rows(api_client(rivals.east).get(EXPORT).content)
    assert [r["order_ref"] for r in rows] == ["EAST-1"]


def test_an_unknown_record_type_is_not_found(rivals, api_client):
    assert api_client(rivals.east).get("/api/v1/imports/export/no-such-type").status_code == 404


def test_an_unknown_format_is_refused_naming_the_field(rivals, api_client):
    answer = api_client(rivals.east).get(EXPORT, params={"format": "pdf"})
    assert answer.status_code == 422 and "format" in answer.text
