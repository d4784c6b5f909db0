"""Turn customer input into stored values, collecting every problem with its field name."""

from __future__ import annotations

from typing import Any

from core.contact import InvalidContact, normalize_email, normalize_phone
from core.customers.limits import check_customer_limits
from core.errors import InvalidInput, Problem
from core.lunar import lunar_to_solar
from core.models import Tenant
from core.text import clean_text, name_key


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def normalize_fields(data: dict[str, Any], tenant: Tenant) -> dict[str, Any]:
    """Normalize the fields present in ``data`` (a create or a partial update) to column values.

    Bounds are checked first, on the raw input, so an oversized value is refused before any work
    is done on it, whoever the caller (API, web form, pack).
    """
    check_customer_limits(data)
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("phones", "emails", "lunar_birthday", "name", "tags", "version"):
            continue
        out[key] = clean_text(value) or None if isinstance(value, str) else value
    if "name" in data:
        name = clean_text(data["name"])
        if not name:
            problems.append(Problem("name", "a name is required"))
        out["name"] = name
        out["name_key"] = name_key(name)
    if "phones" in data:
        phones = []
        for i, raw in enumerate(data["phones"] or []):
            try:
                phones.append(normalize_phone(raw, tenant.phone_region))
            except InvalidContact as exc:
                problems.append(Problem(f"phones.{i}", str(exc)))
        out["phones"] = _unique(phones)
        out["phone"] = out["phones"][0] if out["phones"] else None
    if "emails" in data:
        emails = []
        for i, raw in enumerate(data["emails"] or []):
            try:
                emails.append(normalize_email(raw))
            except InvalidContact as exc:
                problems.append(Problem(f"emails.{i}", str(exc)))
        out["emails"] = _unique(emails)
        out["email"] = out["emails"][0] if out["emails"] else None
    if "tags" in data:
        out["tags"] = _unique([t for t in (clean_text(t) for t in data["tags"] or []) if t])
    lunar = data.get("lunar_birthday")
    if lunar:
        lunar = lunar if isinstance(lunar, dict) else lunar.model_dump()
        out.update(
            birthday_lunar=True,
            lunar_birth_month=lunar["month"],
            lunar_birth_day=lunar["day"],
            lunar_birth_leap=bool(lunar.get("leap")),
            birthday=None,
        )
        if lunar.get("year"):
            try:
                out["birthday"] = lunar_to_solar(
                    lunar["year"], lunar["month"], lunar["day"], bool(lunar.get("leap"))
                )
            except ValueError as exc:
                problems.append(Problem("lunar_birthday", str(exc)))
    elif "birthday" in data:
        out.update(birthday_lunar=False, lunar_birth_month=None, lunar_birth_day=None, lunar_birth_leap=False)
    if problems:
        raise InvalidInput(problems)
    return out
