"""Export a tenant's customers, or a pack's record type, to CSV or XLSX with the headers the
import recognises.

Rows are streamed from the database in id order (``yield_per``) and written as they come, with
openpyxl's write-only workbook for XLSX, so exporting a million customers needs no more memory
than a thousand.  The file re-imports cleanly: exporting, then importing the export, changes nothing.

No cell is ever a formula for whoever opens the file: text that a spreadsheet would evaluate gets
a leading ``'`` (:mod:`core.importing.cells`, which the importer undoes), and every XLSX cell is
written as a text cell, never a formula or an error value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session

from core.errors import InvalidInput, Problem
from core.importing.cells import neutralise
from core.models import Customer, Tenant
from core.records import ImportType
from core.tenancy import tenant_session

TABLE = Customer.__table__  # type: ignore[attr-defined]
HEADERS = ("编号", "姓名", "手机", "邮箱", "生日", "农历生日", "城市", "地址", "标签")


def _birthday(row: Any) -> str:
    if row.birthday_lunar and row.lunar_birth_month:
        year = ""
        if row.birthday is not None:
            from core.lunar import lunar_year_of

            year = f"{lunar_year_of(row.birthday)}年"
        leap = "闰" if row.lunar_birth_leap else ""
        return f"{year}{leap}{row.lunar_birth_month}月{row.lunar_birth_day}日"
    return row.birthday.isoformat() if row.birthday else ""


def _rows(engine: Engine, tenant: Tenant) -> Iterator[list[str]]:
    statement = (
        select(
            TABLE.c.external_id,
            TABLE.c.name,
            TABLE.c.phone,
            TABLE.c.email,
            TABLE.c.birthday,
            TABLE.c.birthday_lunar,
            TABLE.c.lunar_birth_month,
            TABLE.c.lunar_birth_day,
            TABLE.c.lunar_birth_leap,
            TABLE.c.city,
            TABLE.c.address,
            TABLE.c.tags,
        )
        .where(TABLE.c.tenant_id == tenant.id, TABLE.c.deleted_at.is_(None))
        .order_by(TABLE.c.id)
        .execution_options(yield_per=1000)
    )
    assert tenant.id is not None
    with tenant_session(engine, tenant.id, read_only=True) as session:
        for row in session.connection().execute(statement):
            yield [
                neutralise(row.external_id or ""),
                neutralise(row.name),
                neutralise(row.phone or ""),
                neutralise(row.email or ""),
                _birthday(row),
                "是" if row.birthday_lunar else "",
                neutralise(row.city or ""),
                neutralise(row.address or ""),
                neutralise(";".join(row.tags or [])),
            ]


def _text_cells(sheet: Any, row: list[str]) -> list[Any]:
    """The row as text cells: openpyxl would otherwise type ``#N/A`` as an error value (and
    anything starting with ``=`` as a formula, which :func:`neutralise` already ruled out)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells: list[Any] = []
    for value in row:
        if value[:1] == "#" or ILLEGAL_CHARACTERS_RE.search(value):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def _checked(target: Path | str) -> Path:
    path = Path(target)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidInput([Problem("file", f"'{path.name}' must end in .csv or .xlsx")])
    return path


def write_table(path: Path, headers: Sequence[str], rows: Iterable[list[str]], sheet_name: str) -> int:
    """Write ``rows`` under ``headers`` to a .csv (UTF-8 with BOM) or .xlsx file; how many rows."""
    count = 0
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for count, row in enumerate(rows, start=1):  # noqa: B007
                writer.writerow(row)
        return count
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    sheet.append(list(headers))
    for count, row in enumerate(rows, start=1):  # noqa: B007
        sheet.append(_text_cells(sheet, row))
    workbook.save(path)
    return count


def export_customers(*, engine: Engine, tenant: Tenant, target: Path | str) -> int:
    """Write the tenant's live customers to ``target`` (.csv or .xlsx); return how many."""
    return write_table(_checked(target), HEADERS, _rows(engine, tenant), "客户")


def export_records(
    *, session: Session, tenant: Tenant, import_type: ImportType, target: Path | str, caller: Any = None
) -> int:
    """Write a pack record type's stored records to ``target`` (.csv or .xlsx); return how many rows.

    The headers are the first alias of each of the type's columns and the rows are what its
    ``export_rows`` yields for ``caller`` (``None``: everything, for an operator), neutralised
    like customer exports, so the file imports back creating nothing.  ``session`` is the
    tenant's (read) session.  A type without ``export_rows`` is :class:`InvalidInput`.
    """
    path = _checked(target)
    if import_type.export_rows is None:
        raise InvalidInput([Problem("record_type", f"'{import_type.key}' cannot be exported")])
    fields = list(import_type.columns)
    headers = [import_type.columns[f][0] for f in fields]
    records = import_type.export_rows(session=session, tenant=tenant, caller=caller)
    rows = ([neutralise(str(record.get(f, "") or "")) for f in fields] for record in records)
    return write_table(path, headers, rows, import_type.key)
