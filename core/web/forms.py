"""Form input to service data, and service problems back to messages beside the right input.

A web form is one more client of the API's schemas: its strings are shaped like an API body and
validated by the same pydantic model, so dates, numbers and lunar birthdays are coerced in one
place and a service receives from a form exactly what it receives from the API. Services and
schemas report problems per field (``phones.0``, ``lunar_birthday.month``); a form shows them next
to the input the user typed into, translated when the catalog knows the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from core.customers.normalize import normalize_fields
from core.customers.schemas import CustomerCreate
from core.errors import InvalidInput, Problem
from core.interactions.schemas import InteractionCreate
from core.models import Tenant

CUSTOMER_FIELDS = (
    "name",
    "kind",
    "phones",
    "emails",
    "birthday_calendar",
    "birthday",
    "lunar_year",
    "lunar_month",
    "lunar_day",
    "lunar_leap",
    "city",
    "address",
    "tags",
    "team",
    "grade",
)
INTERACTION_FIELDS = ("kind", "summary", "occurred_at", "amount")

#: Inputs whose raw text the service checks itself, with reasons the catalog translates: they are
#: checked even when the schema refused them, so the user reads the service's words.
_SERVICE_CHECKED = ("name", "phones", "emails")


def N_(message: str) -> str:
    """Mark a message for the catalog; it is translated where it is shown."""
    return message


#: What the form says about a refused input, whatever the schema's or service's exact words.
_FIELD_REASONS = {
    "birthday": N_("not a valid date"),
    "lunar_birthday": N_(
        "not a lunar date that exists: month 1–12, day 1–30, and a leap month only in a year that has one"
    ),
    "occurred_at": N_("not a valid date and time"),
    "amount": N_("not a valid amount"),
    "kind": N_("choose a kind"),
}
_TYPE_REASONS = {"string_too_long": N_("too long"), "too_long": N_("too many entries")}


def _lines(value: str) -> list[str]:
    return [
        part.strip() for part in value.replace(",", "\n").replace("，", "\n").splitlines() if part.strip()
    ]


def _top(problem: Problem) -> str:
    return problem.field.split(".")[0]


def _worded(problem: Problem) -> Problem:
    return Problem(problem.field, _FIELD_REASONS.get(_top(problem), problem.reason))


def _validated(schema: type[BaseModel], data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Problem]]:
    """``data`` as ``schema`` coerces it (only the keys sent), or the schema's problems."""
    try:
        return schema.model_validate(data).model_dump(exclude_unset=True), []
    except ValidationError as exc:
        return None, [
            Problem(".".join(str(part) for part in err["loc"]), _TYPE_REASONS.get(err["type"], err["msg"]))
            for err in exc.errors()
        ]


def customer_data(form: FormData) -> dict[str, Any]:
    """The customer inputs shaped like an API body (lists for phones, e-mails and tags; a solar
    ``birthday`` or a ``lunar_birthday``, whichever calendar the form chose), still as text."""
    raw = {name: str(form.get(name, "")).strip() for name in CUSTOMER_FIELDS}
    data: dict[str, Any] = {
        "name": raw["name"],
        "kind": raw["kind"] or "person",
        "phones": _lines(raw["phones"]),
        "emails": _lines(raw["emails"]),
        "tags": _lines(raw["tags"]),
        "birthday": None,
        "lunar_birthday": None,
    }
    for name in ("city", "address", "team", "grade"):
        data[name] = raw[name] or None
    if raw["birthday_calendar"] == "lunar":
        parts = {part: raw[f"lunar_{part}"] or None for part in ("year", "month", "day")}
        if any(parts.values()):
            data["lunar_birthday"] = {**parts, "leap": bool(raw["lunar_leap"])}
    else:
        data["birthday"] = raw["birthday"] or None
    return data


def validate_customer(data: dict[str, Any], tenant: Tenant) -> dict[str, Any]:
    """The customer as the API schema coerces it, ready for the service; or every problem at once:
    the service's normalization (phones, e-mails, name) and the schema's checks (lengths, dates,
    lunar birthdays) for fields the service had nothing to say about."""
    checked, schema_problems = _validated(CustomerCreate, data)
    if checked is None:
        refused = {_top(p) for p in schema_problems}
        checked = {k: v for k, v in data.items() if k not in refused or k in _SERVICE_CHECKED}
    problems: list[Problem] = []
    try:
        normalize_fields(checked, tenant)
    except InvalidInput as exc:
        problems += exc.problems
    seen = {_top(p) for p in problems}
    problems += [p for p in schema_problems if _top(p) not in seen]
    if problems:
        raise InvalidInput([_worded(p) for p in problems])
    return checked


def interaction_data(form: FormData, *, timezone: str) -> dict[str, Any]:
    """The quick "log an interaction" form as the API schema coerces it. A time without a zone
    (what a ``datetime-local`` input sends) is read in the tenant's time zone."""
    raw = {name: str(form.get(name, "")).strip() for name in INTERACTION_FIELDS}
    data = {name: value for name, value in raw.items() if value or name in ("kind", "summary")}
    checked, problems = _validated(InteractionCreate, data)
    if not raw["summary"]:
        problems.insert(0, Problem("summary", "write what happened"))
    if problems or checked is None:
        raise InvalidInput([_worded(p) for p in problems])
    when = checked.get("occurred_at")
    if isinstance(when, datetime) and when.tzinfo is None:
        checked["occurred_at"] = when.replace(tzinfo=ZoneInfo(timezone))
    return checked


def field_errors(error: InvalidInput, gettext: Callable[..., str]) -> dict[str, list[str]]:
    """Problems keyed by the form input they belong to (``phones.0`` -> ``phones``)."""
    errors: dict[str, list[str]] = {}
    for problem in error.problems:
        name = problem.field.split(".")[0] or "_form"
        message = gettext(problem.reason)
        if message not in errors.setdefault(name, []):
            errors[name].append(message)
    return errors
