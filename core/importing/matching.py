"""Which stored customer each row of a batch is: by external id, else by phone, e-mail or values.

A row with an external id is the customer with that id (soft-deleted ones included, so a merged
duplicate is not brought back).  A row without one is matched on a stable key, among customers
that have no external id either (a customer with an id is only ever matched by it):

* its phone (E.164, as stored), else its e-mail (normalised), else
* its values: the customer with the same name key that already holds every value the row gives
  (its fingerprint), so an unchanged row is unchanged and a different one is a new customer.

A phone or e-mail matching several live customers is ambiguous: the row is rejected rather than
guessed.  Rows of one batch with the same key are one customer (a later row completes an earlier
one).  Found set-based: one indexed query per kind of key in the batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from core.importing.rows import ValidRow
from core.models import Customer

TABLE = Customer.__table__  # type: ignore[attr-defined]
#: The columns an import compares (and an update writes).
COMPARED = (
    "external_id",
    "name",
    "name_key",
    "phone",
    "phones",
    "email",
    "emails",
    "birthday",
    "birthday_lunar",
    "lunar_birth_month",
    "lunar_birth_day",
    "lunar_birth_leap",
    "city",
    "address",
    "tags",
    "kind",
    "team",
    "grade",
)
_LISTS = {"phones": "phone", "emails": "email"}
_LOOKUPS = {"id": "external_id", "phone": "phone", "email": "email", "values": "name_key"}

Key = tuple[str, Any]


class Ambiguous(Exception):
    """A row's phone or e-mail is held by several customers without an external id."""

    def __init__(self, field: str, value: str, count: int) -> None:
        self.field = field
        self.reason = (
            f"{count} customers without an external id already have {value}; give the "
            "row an external id, or merge those customers first"
        )
        super().__init__(self.reason)


def row_key(values: dict[str, Any]) -> Key:
    """The key a row is matched on (see the module docstring)."""
    for kind, field in (("id", "external_id"), ("phone", "phone"), ("email", "email")):
        if values.get(field):
            return kind, values[field]
    return "values", tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))


def collapse(rows: list[ValidRow]) -> list[tuple[ValidRow, Key]]:
    """One row per key (a later row in the file completes and overrides an earlier one)."""
    first_of: dict[Key, ValidRow] = {}
    out: list[tuple[ValidRow, Key]] = []
    for row in rows:
        key = row_key(row.values)
        first = first_of.get(key)
        if first is None:
            first_of[key] = row
            out.append((row, key))
        else:
            first.values.update(row.values)
            first.line = row.line
    return out


def changes_to(current: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The stored values a row changes; contact lists keep earlier entries after the given one."""
    wanted = dict(values)
    for plural, single in _LISTS.items():
        if plural in wanted:
            wanted[plural] = list(dict.fromkeys([wanted[single], *getattr(current, plural)]))
    return {k: v for k, v in wanted.items() if getattr(current, k) != v}


def find_existing(
    connection: Connection, tenant_id: int, keys: Iterable[Key]
) -> dict[tuple[str, Any], list[Any]]:
    """Candidates per (key kind, looked-up value): one query per kind of key the batch has."""
    wanted: dict[str, set[Any]] = {}
    for kind, value in keys:
        lookup = value if kind != "values" else dict(value)["name_key"]
        wanted.setdefault(kind, set()).add(lookup)
    columns = [TABLE.c.id, TABLE.c.version, TABLE.c.deleted_at, *(TABLE.c[c] for c in COMPARED)]
    found: dict[tuple[str, Any], list[Any]] = {}
    for kind, values in wanted.items():
        column = TABLE.c[_LOOKUPS[kind]]
        statement = select(*columns).where(TABLE.c.tenant_id == tenant_id, column.in_(values))
        if kind != "id":
            statement = statement.where(TABLE.c.external_id.is_(None))
        for row in connection.execute(statement.order_by(TABLE.c.id)):
            found.setdefault((kind, getattr(row, _LOOKUPS[kind])), []).append(row)
    return found


def pick(found: dict[tuple[str, Any], list[Any]], key: Key, values: dict[str, Any]) -> Any:
    """The stored customer the row is (``None``: a new one); :class:`Ambiguous` when unclear."""
    kind, value = key
    if kind == "values":
        candidates = found.get((kind, values["name_key"]), [])
        return next((c for c in candidates if not changes_to(c, values)), None)
    candidates = found.get(key, [])
    if kind == "id" or not candidates:
        return candidates[0] if candidates else None
    same = next((c for c in candidates if not changes_to(c, values)), None)
    if same is not None:
        return same
    live = [c for c in candidates if c.deleted_at is None]
    if len(live) > 1:
        raise Ambiguous(kind, value, len(live))
    return live[0] if live else candidates[0]
