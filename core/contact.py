"""Phones and e-mail addresses: validated and stored in one canonical form (E.164, lower-case).

Both are on the hot path of imports (tens of microseconds each through the libraries), so:

* phones are parsed once per distinct *canonical spelling* (spaces, hyphens, dots and brackets
  removed, ``00`` international prefix as ``+``) and the answer is cached, so ``138 0013 8000``
  and ``138-0013-8000`` cost one parse;
* e-mail addresses of the plain ASCII shape that nearly every real address has are accepted by a
  strict pattern that only admits what ``email-validator`` accepts too; anything else (Unicode,
  quoted parts, unusual domains) goes through the library, which stays the authority.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email


class InvalidContact(ValueError):
    """A phone number or e-mail address that cannot be used; the message says why."""


_PHONE_NOISE = re.compile(r"[\s\-.()\u3000]+")


#: "+<country code><national number>" for the codes a fast path is proven for (see tests).
_PLAIN_E164 = re.compile(r"\+(86|886|852|853)([1-9]\d{6,11})")
_CN_MOBILE = re.compile(r"1\d{10}")


def _fast_number(canonical: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number of an already-international or CN-mobile spelling, without ``parse``.

    ``phonenumbers.parse`` is most of the cost of a phone; for these plain spellings it only
    splits off the country code, which is done here directly (validity is still the library's).
    """
    match = _PLAIN_E164.fullmatch(canonical)
    if match:
        return phonenumbers.PhoneNumber(country_code=int(match.group(1)), national_number=int(match.group(2)))
    if region == "CN" and _CN_MOBILE.fullmatch(canonical):
        return phonenumbers.PhoneNumber(country_code=86, national_number=int(canonical))
    return None


@lru_cache(maxsize=65536)
def _parse_phone(canonical: str, region: str) -> tuple[str | None, str]:
    """(E.164, "") for a valid number, (None, reason) otherwise; cached, so it never raises."""
    fast = _fast_number(canonical, region)
    if fast is not None and phonenumbers.is_valid_number(fast):
        return phonenumbers.format_number(fast, phonenumbers.PhoneNumberFormat.E164), ""
    try:
        number = phonenumbers.parse(canonical, region)
    except phonenumbers.NumberParseException:
        return None, "is not a phone number"
    if not phonenumbers.is_valid_number(number):
        return None, "is not a valid phone number"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), ""


def normalize_phone(raw: str, region: str = "CN") -> str:
    """Parse ``raw`` as written in ``region`` and return it as E.164 (``+8613800138000``)."""
    text = (raw or "").strip()
    if not text:
        raise InvalidContact("phone number is empty")
    canonical = _PHONE_NOISE.sub("", text)
    if canonical.startswith("00") and region.upper() == "CN":
        canonical = "+" + canonical[2:]
    e164, reason = _parse_phone(canonical, region.upper())
    if e164 is None:
        raise InvalidContact(f"'{text}' {reason}")
    return e164


_LOCAL = r"[a-z0-9_%+\-]+(?:\.[a-z0-9_%+\-]+)*"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_PLAIN_EMAIL = re.compile(rf"({_LOCAL})@((?:{_LABEL}\.)+([a-z]{{2,63}}))", re.IGNORECASE | re.ASCII)
_SPECIAL_TLDS = frozenset(SPECIAL_USE_DOMAIN_NAMES)


def _plain_email(text: str) -> str | None:
    """The lower-cased address if it has the plain shape the library always accepts, else None."""
    match = _PLAIN_EMAIL.fullmatch(text)
    if match is None or len(text) > 254 or len(match.group(1)) > 64:
        return None
    domain, tld = match.group(2).lower(), match.group(3).lower()
    if "--" in domain or tld in _SPECIAL_TLDS:
        return None
    return text.lower()


def normalize_email(raw: str) -> str:
    """Trimmed and lower-cased after a syntax check (no deliverability look-up)."""
    text = (raw or "").strip()
    if not text:
        raise InvalidContact("e-mail address is empty")
    plain = _plain_email(text)
    if plain is not None:
        return plain
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidContact(f"'{text}' is not a valid e-mail address: {exc}") from exc
    return result.normalized.lower()
