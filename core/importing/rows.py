"""One customer row in, column values or a reject out.

A row with any invalid cell, or without a name, is rejected whole; the reject names the line, the
column as written in the file and the reason.  Empty cells mean "not given": on insert the field
gets its default, on update it is left alone (an import never erases data someone typed in).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from core.contact import InvalidContact, normalize_email, normalize_phone
from core.customers.limits import MAX_TAGS, TAG_MAX_LENGTH
from core.importing.headers import ColumnMap
from core.importing.parsing import parse_flag, parse_solar_date, parse_tags, parse_ymd
from core.lunar import lunar_to_solar
from core.text import clean_text, name_key

_LIMITS = {"external_id": 64, "name": 200, "city": 100, "address": 500, "team": 100, "grade": 8}
_KINDS = {
    "person": "person",
    "个人": "person",
    "個人": "person",
    "organization": "organization",
    "company": "organization",
    "企业": "organization",
    "企業": "organization",
    "公司": "organization",
    "单位": "organization",
    "單位": "organization",
}


@dataclass(frozen=True)
class RowReject:
    """A row that was not imported: where it is, which column is wrong and why."""

    line: int
    column: str
    reason: str
    external_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ValidRow:
    """A row's stored values; only the fields the file gave (plus the name's derived key)."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)


class _Reject(Exception):
    def __init__(self, field_name: str, reason: str):
        self.field_name = field_name
        self.reason = reason


def _birthday(text: str, lunar: bool, today: date) -> dict[str, Any]:
    if not lunar:
        try:
            solar = parse_solar_date(text)
        except ValueError as exc:
            raise _Reject("birthday", str(exc)) from None
        values: dict[str, Any] = {
            "birthday": solar,
            "birthday_lunar": False,
            "lunar_birth_month": None,
            "lunar_birth_day": None,
            "lunar_birth_leap": False,
        }
    else:
        try:
            year, month, day, leap = parse_ymd(text)
            solar = lunar_to_solar(year, month, day, leap)
        except ValueError as exc:
            raise _Reject("birthday", f"'{text}' is not a lunar date: {exc}") from None
        values = {
            "birthday": solar,
            "birthday_lunar": True,
            "lunar_birth_month": month,
            "lunar_birth_day": day,
            "lunar_birth_leap": leap,
        }
    if solar > today:
        raise _Reject("birthday", f"'{text}' lies in the future")
    return values


def _values(cells: dict[str, str], *, region: str, today: date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, limit in _LIMITS.items():
        text = cells.get(name, "")
        if text:
            text = clean_text(text)
            if len(text) > limit:
                raise _Reject(name, f"is longer than {limit} characters")
            out[name] = text
    if not out.get("name"):
        raise _Reject("name", "a name is required")
    out["name_key"] = name_key(out["name"])
    if cells.get("phone"):
        try:
            phone = normalize_phone(cells["phone"], region)
        except InvalidContact as exc:
            raise _Reject("phone", str(exc)) from None
        out["phone"], out["phones"] = phone, [phone]
    if cells.get("email"):
        try:
            email = normalize_email(cells["email"])
        except InvalidContact as exc:
            raise _Reject("email", str(exc)) from None
        out["email"], out["emails"] = email, [email]
    try:
        lunar = parse_flag(cells.get("birthday_is_lunar", ""))
    except ValueError as exc:
        raise _Reject("birthday_is_lunar", str(exc)) from None
    if cells.get("birthday"):
        out.update(_birthday(cells["birthday"], lunar, today))
    if cells.get("tags"):
        out["tags"] = [clean_text(t) for t in parse_tags(cells["tags"])]
        if len(out["tags"]) > MAX_TAGS:  # the API's bounds
            raise _Reject("tags", f"has more than {MAX_TAGS} tags")
        if any(len(tag) > TAG_MAX_LENGTH for tag in out["tags"]):
            raise _Reject("tags", f"has a tag longer than {TAG_MAX_LENGTH} characters")
    if cells.get("kind"):
        kind = _KINDS.get(cells["kind"].strip().lower())
        if kind is None:
            raise _Reject("kind", f"'{cells['kind']}' is not person/个人 or organization/企业")
        out["kind"] = kind
    return out


class CustomerRowReader:
    """Validates the rows of one file against its column map (built once, used per row)."""

    def __init__(self, columns: ColumnMap, *, region: str, today: date):
        self.columns = columns
        self.region = region
        self.today = today
        self._indexes = [(f, i) for f, (i, _h) in columns.fields.items()]

    def read(self, line: int, row: Sequence[str]) -> ValidRow | RowReject:
        width = len(row)
        cells = {f: row[i] for f, i in self._indexes if i < width and row[i]}
        try:
            return ValidRow(line, _values(cells, region=self.region, today=self.today))
        except _Reject as exc:
            external_id = clean_text(cells.get("external_id", "")) or None
            return RowReject(line, self.columns.header_of(exc.field_name), exc.reason, external_id)
