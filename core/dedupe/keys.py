"""The facts duplicate detection compares, read for a whole tenant in one query.

Certain-duplicate keys (any shared key makes two customers the same person):

* every E.164 phone in ``phones`` (and the primary ``phone``);
* every e-mail, trimmed and lower-cased;
* each name key (``core.text.name_keys``: script- and spacing-free pinyin, Latin names in both
  word orders) together with the birthday and the lunar flag.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from core.models import Customer
from core.text import name_keys

TABLE = Customer.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Person:
    """What dedupe needs to know about one live customer."""

    id: int
    external_id: str | None
    name: str
    name_keys: tuple[str, ...]
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    birthday: date | None
    birthday_lunar: bool
    city: str | None

    @property
    def label(self) -> str:
        """How a person is shown in a cluster: the external id, or ``#<id>`` without one."""
        return self.external_id or f"#{self.id}"


def load_people(connection: Connection, tenant_id: int) -> list[Person]:
    """Every live (not soft-deleted) customer of the tenant, in id order."""
    statement = (
        select(
            TABLE.c.id,
            TABLE.c.external_id,
            TABLE.c.name,
            TABLE.c.phone,
            TABLE.c.phones,
            TABLE.c.email,
            TABLE.c.emails,
            TABLE.c.birthday,
            TABLE.c.birthday_lunar,
            TABLE.c.city,
        )
        .where(TABLE.c.tenant_id == tenant_id, TABLE.c.deleted_at.is_(None))
        .order_by(TABLE.c.id)
    )
    people = []
    for row in connection.execute(statement):
        phones = tuple(dict.fromkeys([*([row.phone] if row.phone else []), *(row.phones or [])]))
        emails = tuple(
            dict.fromkeys(
                e.strip().lower()
                for e in [*([row.email] if row.email else []), *(row.emails or [])]
                if e and e.strip()
            )
        )
        people.append(
            Person(
                row.id,
                row.external_id,
                row.name,
                name_keys(row.name),
                phones,
                emails,
                row.birthday,
                bool(row.birthday_lunar),
                row.city,
            )
        )
    return people


def certain_keys(person: Person) -> Iterator[tuple[str, str]]:
    """(reason, key) pairs; two people sharing any key are certainly the same person."""
    for phone in person.phones:
        yield "same phone", phone
    for email in person.emails:
        yield "same email", email
    if person.birthday is not None:
        lunar = "lunar" if person.birthday_lunar else "solar"
        for key in person.name_keys:
            yield "same name and birthday", f"{key}|{person.birthday.isoformat()}|{lunar}"
