"""How much a customer may hold: one set of bounds for the API schema, the services, the web form
and the importer.

Text bounds are the columns' own lengths (a value that does not fit is refused rather than cut);
lists and ``pack_data`` are bounded here because their JSON columns have no length of their own,
and a 1.5-million-character tag or a 2 MB blob makes every list and search slower for the whole
tenant.  ``pack_data`` keys that the server writes (``merged_into``, set by a merge and followed
by imports) are not for clients to set: a client that could name another tenant's customer there
would send imported rows to it.

Reasons are the catalog's short words ("too long", "too many entries"), so a form can translate
them; the field name says which input.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from core.customers.models import Customer
from core.errors import InvalidInput, Problem

MAX_TAGS = 50
TAG_MAX_LENGTH = 64
MAX_PHONES = 10
MAX_EMAILS = 10
#: Raw phone input, before normalization to E.164 (spaces, dashes and a country prefix allowed).
PHONE_MAX_LENGTH = 40
EMAIL_MAX_LENGTH = 254
#: ``pack_data`` as compact UTF-8 JSON.
PACK_DATA_MAX_BYTES = 64 * 1024
#: Keys of ``pack_data`` that only the server writes.
SERVER_PACK_DATA_KEYS = frozenset({"merged_into"})

_COLUMNS = Customer.__table__.c  # type: ignore[attr-defined]
#: The free-text fields and their lengths, read from the table so the two cannot drift apart.
TEXT_MAX_LENGTHS: dict[str, int] = {
    name: _COLUMNS[name].type.length
    for name in ("name", "city", "address", "team", "grade", "external_id", "kind")
}
TOO_LONG = "too long"
TOO_MANY = "too many entries"


def json_size(value: Any) -> int:
    """Bytes of ``value`` as stored: compact JSON in UTF-8 (CJK text counts three bytes a character)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode())


def too_large(limit: int) -> str:
    return f"too large: at most {limit // 1024} KB as JSON"


def json_at_most(limit: int) -> AfterValidator:
    """A schema check (``Annotated[dict, json_at_most(n)]``) refusing JSON values over ``limit`` bytes."""

    def check(value: Any) -> Any:
        if json_size(value) > limit:
            raise PydanticCustomError("too_large", too_large(limit))
        return value

    return AfterValidator(check)


def _list_problems(field: str, values: Any, max_items: int, max_length: int) -> list[Problem]:
    if not isinstance(values, list | tuple):
        return []
    if len(values) > max_items:
        return [Problem(field, TOO_MANY)]
    return [
        Problem(f"{field}.{i}", TOO_LONG)
        for i, value in enumerate(values)
        if isinstance(value, str) and len(value) > max_length
    ]


def customer_limit_problems(data: dict[str, Any]) -> list[Problem]:
    """Every bound that the fields present in ``data`` (a create, a partial update or an import
    row) break; an empty list when all fit.  Server-owned ``pack_data`` keys are checked by
    :func:`client_pack_data`, which knows the stored values."""
    problems = [
        Problem(name, TOO_LONG)
        for name, limit in TEXT_MAX_LENGTHS.items()
        if isinstance(data.get(name), str) and len(data[name]) > limit
    ]
    problems += _list_problems("tags", data.get("tags"), MAX_TAGS, TAG_MAX_LENGTH)
    problems += _list_problems("phones", data.get("phones"), MAX_PHONES, PHONE_MAX_LENGTH)
    problems += _list_problems("emails", data.get("emails"), MAX_EMAILS, EMAIL_MAX_LENGTH)
    pack_data = data.get("pack_data")
    if pack_data is not None and json_size(pack_data) > PACK_DATA_MAX_BYTES:
        problems.append(Problem("pack_data", too_large(PACK_DATA_MAX_BYTES)))
    return problems


def check_customer_limits(data: dict[str, Any]) -> None:
    if problems := customer_limit_problems(data):
        raise InvalidInput(problems)


def client_pack_data(sent: dict[str, Any], stored: dict[str, Any] | None = None) -> dict[str, Any]:
    """``pack_data`` as a client sent it, with the server-owned keys of ``stored`` kept.

    A client may send a server-owned key back unchanged (it read the record and edits it); any
    other value, or such a key on a new customer, is refused naming ``pack_data.<key>``.
    """
    stored = stored or {}
    problems = [
        Problem(f"pack_data.{key}", "set by the server (a merge); clients cannot write it")
        for key in SERVER_PACK_DATA_KEYS
        if key in sent and (key not in stored or sent[key] != stored[key])
    ]
    if problems:
        raise InvalidInput(problems)
    kept = {key: stored[key] for key in SERVER_PACK_DATA_KEYS if key in stored}
    return {**{k: v for k, v in sent.items() if k not in SERVER_PACK_DATA_KEYS}, **kept}
