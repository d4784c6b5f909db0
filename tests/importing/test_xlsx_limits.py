"""Spreadsheets are read as a stream, within limits, and a file beyond them is refused up front.

An .xlsx file is a zip of XML: a few hundred kilobytes can unpack to gigabytes, and its declared
size (``<dimension ref="A1:XFD1048576"/>``) is whatever the file says.  The bombs are built here,
small, from a real workbook whose parts are replaced.
"""

from __future__ import annotations

import zipfile
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import InvalidInput
from core.importing import xlsx
from core.importing.runner import import_customers
from core.importing.sources import inspect_source, read_rows
from core.importing.xlsx import SpreadsheetLimits
from core.models import Customer
from core.packs.loader import get_registry
from core.tenancy import tenant_session

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _sheet(rows: str, dimension: str = "A1:B3") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


HEADER_ROW = f'<row r="1">{_text("A1", "姓名")}{_text("B1", "手机")}</row>'
TWO_ROWS = (
    HEADER_ROW + f'<row r="2">{_text("A2", "王芳")}{_text("B2", "13800138000")}</row>'
    f'<row r="3">{_text("A3", "李雷")}{_text("B3", "13800138001")}</row>'
)


@pytest.fixture
def bomb(write_xlsx, tmp_path):
    """``bomb(sheet_xml, extra_parts)``: a real workbook whose first sheet is ``sheet_xml``."""

    def build(sheet: bytes, name: str = "bomb.xlsx", extra: dict[str, bytes] | None = None) -> Path:
        base = write_xlsx([["姓名"]], name=f"base-{name}")
        target = tmp_path / name
        with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                out.writestr(item.filename, sheet if item.filename == SHEET else source.read(item))
            for part, content in (extra or {}).items():
                out.writestr(part, content)
        return target

    return build


def _count(engine, tenant) -> int:
    with tenant_session(engine, tenant.id) as session:
        return session.scalar(select(func.count()).select_from(Customer))


def _refused(engine, tenant, path: Path, *words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        import_customers(engine=engine, registry=get_registry(), tenant=tenant, source=path)
    problem = refused.value.problems[0]
    assert problem.field == "file"
    for word in words:
        assert word in problem.reason
    assert _count(engine, tenant) == 0


def test_a_declared_dimension_does_not_make_rows_wider_or_longer(guanxi_engine, tenant, bomb):
    path = bomb(_sheet(TWO_ROWS, dimension="A1:XFD1048576"))
    first = list(islice(read_rows(inspect_source(path)), 3))
    assert first == [(1, ["姓名", "手机"]), (2, ["王芳", "13800138000"]), (3, ["李雷", "13800138001"])]
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert (report.accepted, report.rejected) == (2, 0)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(guanxi_engine, tenant, bomb):
    huge = HEADER_ROW + f'<row r="2">{_text("A2", "王" * 3_000_000)}</row>'
    path = bomb(_sheet(huge))
    assert path.stat().st_size < 200_000
    _refused(guanxi_engine, tenant, path, "compress")


def test_a_row_with_more_cells_than_excel_allows_is_refused(guanxi_engine, tenant, bomb):
    wide = HEADER_ROW + '<row r="2">' + "<c><v>1</v></c>" * 16_385 + "</row>"
    _refused(guanxi_engine, tenant, bomb(_sheet(wide)), "16,384")


def test_more_rows_than_the_limit_are_refused_before_any_is_written(
    guanxi_engine, tenant, write_xlsx, monkeypatch
):
    monkeypatch.setattr(xlsx, "LIMITS", SpreadsheetLimits(max_rows=20))
    path = write_xlsx([["姓名", "手机"], *([f"客户{i}", f"138{i:08d}"] for i in range(30))])
    _refused(guanxi_engine, tenant, path, "20")


def test_a_row_number_beyond_the_limit_is_refused(guanxi_engine, tenant, bomb, monkeypatch):
    monkeypatch.setattr(xlsx, "LIMITS", SpreadsheetLimits(max_rows=1000))
    far = TWO_ROWS + f'<row r="5000">{_text("A5000", "张伟")}</row>'
    _refused(guanxi_engine, tenant, bomb(_sheet(far)), "1,000")


def test_a_header_wider_than_the_limit_is_refused(guanxi_engine, tenant, write_xlsx, monkeypatch):
    monkeypatch.setattr(xlsx, "LIMITS", SpreadsheetLimits(max_columns=5))
    path = write_xlsx([["姓名", "手机", "a", "b", "c", "d"], ["王芳", "13800138000"]])
    _refused(guanxi_engine, tenant, path, "5 columns")


def test_too_many_shared_strings_are_refused(guanxi_engine, tenant, bomb, monkeypatch):
    monkeypatch.setattr(xlsx, "LIMITS", SpreadsheetLimits(max_shared_strings=10))
    strings = "".join(f"<si><t>客户{i}</t></si>" for i in range(30))
    table = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{strings}</sst>'.encode()
    _refused(guanxi_engine, tenant, bomb(_sheet(TWO_ROWS), extra={"xl/sharedStrings.xml": table}), "10")


def test_a_cell_over_the_size_limit_rejects_its_row_only(guanxi_engine, tenant, write_xlsx, monkeypatch):
    monkeypatch.setattr(xlsx, "LIMITS", SpreadsheetLimits(max_cell_chars=50))
    path = write_xlsx([["姓名", "地址"], ["王芳", "北京"], ["李雷", "长" * 60], ["张伟", "上海"]])
    report = import_customers(engine=guanxi_engine, registry=get_registry(), tenant=tenant, source=path)
    assert (report.accepted, report.rejected) == (2, 1)
    assert (report.rejects[0].line, report.rejects[0].column) == (3, "地址")


def test_a_file_that_is_not_a_zip_is_refused_with_a_clear_message(guanxi_engine, tenant, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"name,phone\n")
    _refused(guanxi_engine, tenant, path, "fake.xlsx")
