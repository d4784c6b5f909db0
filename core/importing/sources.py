"""Read a CSV or XLSX file one row at a time, with line numbers as people see them (header = 1).

Nothing here holds more than one row: CSV through the csv module over a text stream, XLSX through
openpyxl's read-only mode.  CSV files in UTF-8 (with or without BOM) and GB18030/GBK, which older
Chinese Excel versions write, are both read.  Cells come out as trimmed strings, without the ``'``
an export put before formula-like text (:mod:`core.importing.cells`); spreadsheet dates become
``YYYY-MM-DD`` and whole numbers lose Excel's ``.0`` (a phone typed as a number).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from core.errors import InvalidInput, Problem
from core.importing.cells import unquote

_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceInfo:
    """What the runner needs to know up front: the file's identity and roughly how big it is."""

    path: Path
    kind: str  # "csv" or "xlsx"
    sha256: str
    encoding: str
    approx_rows: int | None


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise InvalidInput([Problem("file", f"'{path.name}' is neither .csv nor .xlsx")])


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(_CHUNK)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the chunk's end
            return "gb18030"
    return "utf-8-sig"


def inspect_source(path: Path) -> SourceInfo:
    """Hash the file (streamed) and count its lines, so a job can be recognised and shown."""
    if not path.is_file():
        raise InvalidInput([Problem("file", f"'{path}' does not exist")])
    kind = _kind(path)
    digest = hashlib.sha256()
    newlines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
    if kind == "csv":
        return SourceInfo(path, kind, digest.hexdigest(), _csv_encoding(path), max(newlines - 1, 0))
    return SourceInfo(path, kind, digest.hexdigest(), "", None)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unquote(str(value).strip())


def _csv_rows(info: SourceInfo) -> Iterator[tuple[int, list[str]]]:
    with info.path.open("r", encoding=info.encoding, newline="") as handle:
        reader = csv.reader(handle)
        start = 1
        for row in reader:
            yield start, [unquote(cell.strip()) for cell in row]
            start = reader.line_num + 1


def _xlsx_rows(info: SourceInfo) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(info.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise InvalidInput([Problem("file", f"cannot read '{info.path.name}': {exc}")]) from exc
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell(v) for v in row]
    finally:
        workbook.close()


def read_rows(info: SourceInfo) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for every row, the header first; blank rows are skipped, lines still count."""
    rows = _csv_rows(info) if info.kind == "csv" else _xlsx_rows(info)
    for line, cells in rows:
        if any(cells):
            yield line, cells
