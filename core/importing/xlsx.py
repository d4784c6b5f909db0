"""Read the first sheet of an .xlsx file as a stream, within limits checked before it is opened.

An .xlsx file is a zip of XML, and nothing in it can be trusted: a few hundred kilobytes can
unpack to gigabytes (openpyxl then builds every cell of a row, or every shared string, in memory),
and the declared dimension (``A1:XFD1048576``) makes openpyxl pad every row to 16,384 cells and
yield a million empty rows.  So, before openpyxl sees the file:

* the zip's declared uncompressed sizes are checked (Python's zipfile never inflates a member
  beyond its declared size) and so is its compression ratio: real sheets compress 5-30 to 1;
* every XML part is scanned as a stream, counting rows, cells per row, shared strings and the
  highest row number, so a file beyond the limits is refused before a single row is written.

Then the sheet is read in openpyxl's read-only (streaming) mode with the declared dimension
dropped, rows cut to the header's width, and a cell longer than ``max_cell_chars`` turned into a
reject of its row.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from core.importing.messages import (
    BOMB,
    NOT_XLSX,
    ROW_TOO_FAR,
    ROW_TOO_WIDE,
    TOO_BIG,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    TOO_MANY_TEXTS,
    refuse,
)

MB = 1 << 20
#: Parts smaller than this are not held to the compression ratio (tiny XML compresses very well).
_RATIO_FLOOR = MB
_KEEP = 1024
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,15}:)?(row|c|si)[\s/>]")
_ROW_NUMBER = re.compile(rb'[^>]*?\br="(\d{1,12})"')


@dataclass(frozen=True)
class SpreadsheetLimits:
    """What an import reads of a spreadsheet; the defaults are Excel's own limits where it has one."""

    max_rows: int = 1_048_576
    max_columns: int = 1_000
    max_cells_per_row: int = 16_384
    max_cell_chars: int = 32_767
    max_shared_strings: int = 2_000_000
    max_ratio: int = 100
    #: The sheet and shared-strings parts, each; every other XML part gets ``max_other_part_bytes``.
    max_part_bytes: int = 512 * MB
    max_other_part_bytes: int = 32 * MB
    max_total_bytes: int = 1024 * MB


LIMITS = SpreadsheetLimits()


@dataclass(frozen=True)
class Unreadable:
    """A row that cannot be imported as it stands; ``column`` is its index when one cell is to blame,
    and ``cells`` the row as read, when it could be read."""

    reason: str
    column: int | None = None
    cells: tuple[str, ...] = ()


def _is_data_part(name: str) -> bool:
    lowered = name.lower()
    return "worksheets/" in lowered or lowered.endswith("sharedstrings.xml")


def _scan(stream: IO[bytes], name: str, limits: SpreadsheetLimits) -> None:
    """Count rows, cells per row and shared strings of one XML part, reading 1 MB at a time."""
    rows = cells = strings = 0
    rest = b""
    while True:
        chunk = stream.read(MB)
        buffer = rest + chunk
        cut = max(len(buffer) - _KEEP, 0) if chunk else len(buffer)
        for match in _TAG.finditer(buffer, 0, min(len(buffer), cut + 32)):
            if match.start() >= cut:
                break
            tag = match.group(1)
            if tag == b"c":
                cells += 1
                if cells > limits.max_cells_per_row:
                    raise refuse(ROW_TOO_WIDE, file=name, limit=limits.max_cells_per_row)
            elif tag == b"row":
                rows, cells = rows + 1, 0
                if rows > limits.max_rows:
                    raise refuse(TOO_MANY_ROWS, file=name, limit=limits.max_rows)
                number = _ROW_NUMBER.match(buffer, match.end() - 1, match.end() + 512)
                if number and int(number.group(1)) > limits.max_rows:
                    raise refuse(ROW_TOO_FAR, file=name, row=int(number.group(1)), limit=limits.max_rows)
            else:
                strings += 1
                if strings > limits.max_shared_strings:
                    raise refuse(TOO_MANY_TEXTS, file=name, limit=limits.max_shared_strings)
        if not chunk:
            return
        rest = buffer[cut:]


def check_workbook(path: Path, limits: SpreadsheetLimits | None = None) -> None:
    """Refuse (InvalidInput, field ``file``) a workbook beyond ``limits``; see the module docstring."""
    limits = limits or LIMITS
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise refuse(NOT_XLSX, file=name) from None
    with archive:
        parts = [i for i in archive.infolist() if i.filename.lower().endswith((".xml", ".rels"))]
        total = sum(p.file_size for p in parts)
        if total > limits.max_total_bytes:
            raise refuse(TOO_BIG, file=name, limit=limits.max_total_bytes // MB)
        for part in parts:
            cap = limits.max_part_bytes if _is_data_part(part.filename) else limits.max_other_part_bytes
            if part.file_size > cap:
                raise refuse(TOO_BIG, file=name, limit=cap // MB)
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
                raise refuse(BOMB, file=name, ratio=limits.max_ratio)
        try:
            for part in parts:
                with archive.open(part) as stream:
                    _scan(stream, name, limits)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            raise refuse(NOT_XLSX, file=name) from None


def read_sheet(
    path: Path, to_text: Any, limits: SpreadsheetLimits | None = None
) -> Iterator[tuple[int, list[str] | Unreadable]]:
    """(line, cells) of the first sheet, the header first; call :func:`check_workbook` before."""
    from openpyxl import load_workbook

    limits = limits or LIMITS
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise refuse(NOT_XLSX, file=path.name) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size is whatever the file says
        header = _header(sheet, path.name, to_text, limits)
        if header is None:
            return
        header_line, names = header
        yield header_line, names
        body = sheet.iter_rows(min_row=header_line + 1, max_col=len(names), values_only=True)
        for line, row in enumerate(body, start=header_line + 1):
            cells = [to_text(v) for v in row]
            long = next((i for i, c in enumerate(cells) if len(c) > limits.max_cell_chars), None)
            if long is None:
                yield line, cells
            else:
                yield (
                    line,
                    Unreadable(
                        f"is longer than {limits.max_cell_chars:,} characters",
                        long,
                        tuple(c[:100] for c in cells),
                    ),
                )
    finally:
        workbook.close()


def _header(sheet: Any, name: str, to_text: Any, limits: SpreadsheetLimits) -> tuple[int, list[str]] | None:
    """The first non-blank row and its line, without the empty cells that trail it."""
    rows = sheet.iter_rows(values_only=True)
    try:
        for line, row in enumerate(rows, start=1):
            cells = [to_text(v) for v in row[: limits.max_columns + 1]]
            while cells and not cells[-1]:
                cells.pop()
            if len(cells) > limits.max_columns:
                count = max(i for i, v in enumerate(row) if v not in (None, "")) + 1
                raise refuse(TOO_MANY_COLUMNS, file=name, count=count, limit=limits.max_columns)
            if cells:
                return line, cells
        return None
    finally:
        rows.close()
