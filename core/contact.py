"""Phones and e-mail addresses: validated and stored in one canonical form (E.164, lower-case)."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email


class InvalidContact(ValueError):
    """A phone number or e-mail address that cannot be used; the message says why."""


def normalize_phone(raw: str, region: str = "CN") -> str:
    """Parse ``raw`` as written in ``region`` and return it as E.164 (``+8613800138000``)."""
    text = (raw or "").strip()
    if not text:
        raise InvalidContact("phone number is empty")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidContact(f"'{text}' is not a phone number") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidContact(f"'{text}' is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str) -> str:
    """Trimmed and lower-cased after a syntax check (no deliverability look-up)."""
    text = (raw or "").strip()
    if not text:
        raise InvalidContact("e-mail address is empty")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidContact(f"'{text}' is not a valid e-mail address: {exc}") from exc
    return result.normalized.lower()
