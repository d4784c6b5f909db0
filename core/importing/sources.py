"""Read a CSV or XLSX file one row at a time, with line numbers as people see them (header = 1).

Nothing here holds more than one row: CSV through the csv module over a text stream, XLSX through
:mod:`core.importing.xlsx`.  The whole file is checked before the first row is read, while it is
hashed: a CSV must decode entirely as UTF-8 (with or without BOM) or as GB18030/GBK, which older
Chinese Excel versions write; a workbook must stay within the spreadsheet limits.  A file that
fails is refused (``InvalidInput`` on ``file``) before anything is written.

A row that cannot be imported as it stands comes out as :class:`Unreadable` instead of cells, and
becomes a reject of that row: a CSV cell over the csv module's size limit (the reader then resumes
at the next record, even when the oversized cell was quoted across lines), or a NUL character,
which PostgreSQL cannot store.  Cells come out as trimmed strings without the ``'`` an export put
before formula-like text; spreadsheet dates become ``YYYY-MM-DD`` and whole numbers lose Excel's
``.0`` (a phone typed as a number).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from core.errors import InvalidInput, Problem
from core.importing.cells import unquote
from core.importing.messages import NOT_TEXT, refuse
from core.importing.xlsx import Unreadable, check_workbook, read_sheet

__all__ = ["SourceInfo", "Unreadable", "inspect_source", "read_rows"]

_CHUNK = 1 << 20
NUL_REASON = "contains a NUL character (0x00), which cannot be stored"


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


def _first_bad_byte(path: Path, encoding: str) -> int | None:
    """Where the file stops decoding as ``encoding`` (a byte offset), or ``None`` if it never does."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + max(exc.start, 0)
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset
    return None


def _line_of(path: Path, offset: int) -> int:
    with path.open("rb") as handle:
        return handle.read(offset).count(b"\n") + 1


def _csv_encoding(path: Path, utf8_bad: int | None) -> str:
    if utf8_bad is None:
        return "utf-8-sig"
    gb_bad = _first_bad_byte(path, "gb18030")
    if gb_bad is None:
        return "gb18030"
    raise refuse(NOT_TEXT, line=str(_line_of(path, max(utf8_bad, gb_bad))), file=path.name)


def inspect_source(path: Path) -> SourceInfo:
    """Hash the file (streamed), count its lines and check it whole (see the module docstring)."""
    if not path.is_file():
        raise InvalidInput([Problem("file", f"'{path}' does not exist")])
    kind = _kind(path)
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    newlines, offset, utf8_bad = 0, 0, None
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            if kind == "csv" and utf8_bad is None:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    utf8_bad = offset + max(exc.start, 0)
            offset += len(chunk)
    if kind == "xlsx":
        check_workbook(path)
        return SourceInfo(path, kind, digest.hexdigest(), "", None)
    if utf8_bad is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_bad = offset
    encoding = _csv_encoding(path, utf8_bad)
    return SourceInfo(path, kind, digest.hexdigest(), encoding, max(newlines - 1, 0))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        return unquote(text) if text[:1] == "'" else text
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Record:
    """What the physical lines of the record being read hold, for the checks the csv module skips."""

    __slots__ = ("lines", "nul", "quoted", "quotes")

    def __init__(self) -> None:
        self.lines = 0
        self.reset()

    def reset(self) -> None:
        self.quotes, self.nul, self.quoted = 0, False, False


def _lines(handle: IO[str], record: _Record) -> Iterator[str]:
    for text in handle:
        record.lines += 1
        record.quotes += text.count('"')
        if "'" in text:
            record.quoted = True
        if "\x00" in text:
            record.nul = True
        yield text


def _csv_rows(info: SourceInfo) -> Iterator[tuple[int, list[str] | Unreadable]]:
    record = _Record()
    with info.path.open("r", encoding=info.encoding, newline="") as handle:
        lines = _lines(handle, record)
        reader = csv.reader(lines)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # The reader gave up inside the record: skip the rest of it (an odd count of
                # quotes means a quoted cell goes on) and read on with a fresh reader.
                while record.quotes % 2 and next(lines, None) is not None:
                    pass
                yield start, Unreadable(_csv_problem(exc))
                reader = csv.reader(lines)
            else:
                cells = [cell.strip() for cell in row]
                if record.quoted:
                    cells = [unquote(cell) for cell in cells]
                if record.nul:
                    column = next((i for i, cell in enumerate(cells) if "\x00" in cell), None)
                    yield start, Unreadable(NUL_REASON, column, tuple(cells))
                else:
                    yield start, cells
            record.reset()
            start = record.lines + 1


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"has a cell longer than {csv.field_size_limit():,} characters"
    return f"cannot be read as CSV: {error}"


def read_rows(info: SourceInfo) -> Iterator[tuple[int, list[str] | Unreadable]]:
    """(line, cells) for every row, the header first; blank rows are skipped, lines still count."""
    rows = _csv_rows(info) if info.kind == "csv" else read_sheet(info.path, _cell)
    for line, cells in rows:
        if isinstance(cells, Unreadable) or any(cells):
            yield line, cells
