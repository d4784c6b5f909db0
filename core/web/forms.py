"""Form input to service data, and service problems back to messages beside the right input.

Services report problems per field (``phones.0``, ``name``); a form shows them next to the input
the user typed into, translated when the catalog knows the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from core.customers.normalize import normalize_fields
from core.customers.schemas import CustomerCreate
from core.errors import InvalidInput, Problem
from core.models import Tenant

CUSTOMER_FIELDS = ("name", "kind", "phones", "emails", "birthday", "city", "address", "tags", "team", "grade")


def _lines(value: str) -> list[str]:
    return [
        part.strip() for part in value.replace(",", "\n").replace("，", "\n").splitlines() if part.strip()
    ]


def customer_data(form: FormData) -> dict[str, Any]:
    """The customer fields as a service expects them (lists for phones, e-mails and tags)."""
    raw = {name: str(form.get(name, "")).strip() for name in CUSTOMER_FIELDS}
    data: dict[str, Any] = {
        "name": raw["name"],
        "kind": raw["kind"] or "person",
        "phones": _lines(raw["phones"]),
        "emails": _lines(raw["emails"]),
        "tags": _lines(raw["tags"]),
    }
    for name in ("city", "address", "team", "grade", "birthday"):
        data[name] = raw[name] or None
    return data


def validate_customer(data: dict[str, Any], tenant: Tenant) -> None:
    """Every problem at once: the service's normalization (phones, e-mails, name) and the API
    schema's shape checks (lengths, dates) for fields the service had nothing to say about."""
    problems: list[Problem] = []
    try:
        normalize_fields(data, tenant)
    except InvalidInput as exc:
        problems += exc.problems
    try:
        CustomerCreate.model_validate(data)
    except ValidationError as exc:
        seen = {p.field.split(".")[0] for p in problems}
        for err in exc.errors():
            field = ".".join(str(part) for part in err["loc"])
            if field.split(".")[0] not in seen:
                problems.append(Problem(field, err["msg"]))
    if problems:
        raise InvalidInput(problems)


def field_errors(error: InvalidInput, gettext: Callable[..., str]) -> dict[str, list[str]]:
    """Problems keyed by the form input they belong to (``phones.0`` -> ``phones``)."""
    errors: dict[str, list[str]] = {}
    for problem in error.problems:
        name = problem.field.split(".")[0] or "_form"
        errors.setdefault(name, []).append(gettext(problem.reason))
    return errors
