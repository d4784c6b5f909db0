"""The shared helpers import relies on: phones, e-mails and lunar dates."""

from __future__ import annotations

from datetime import date

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given
from hypothesis import strategies as st

from core.contact import InvalidContact, _plain_email, normalize_email, normalize_phone
from core.lunar import lunar_to_solar, next_lunar_birthday


@pytest.mark.parametrize(("written", "e164"), [
    ("0086 13528346894", "+8613528346894"), ("+86 138 7684 4810", "+8613876844810"),
    ("184-7076-0031", "+8618470760031"), ("+886-962-912198", "+886962912198"),
    ("+886 989 852 230", "+886989852230"), ("(010) 6552 9988", "+861065529988"),
])
def test_phones_in_every_common_spelling_become_e164(written, e164):
    assert normalize_phone(written, "CN") == e164


@pytest.mark.parametrize("written", ["12345", "abc", "1380013800012345", "138001380", "0000"])
def test_impossible_phones_are_refused(written):
    with pytest.raises(InvalidContact):
        normalize_phone(written, "CN")


_ATOM = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789._%+-", min_size=1, max_size=20)


@given(local=_ATOM, label=_ATOM, tld=st.sampled_from(["cn", "com", "tw", "COM", "x", "c1"]))
def test_the_fast_email_check_accepts_only_what_the_library_accepts(local, label, tld):
    text = f"{local}@{label}.{tld}"
    fast = _plain_email(text)
    if fast is None:
        return
    try:
        expected = validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:  # pragma: no cover - the assertion explains
        raise AssertionError(f"fast path accepted {text!r}: {exc}") from exc
    assert fast == expected


def test_emails_are_trimmed_and_lower_cased():
    assert normalize_email("  ZHANGWEI@QQ.COM ") == "zhangwei@qq.com"
    with pytest.raises(InvalidContact):
        normalize_email("a@@b.com")


def test_a_lunar_birth_date_that_never_existed_is_refused():
    with pytest.raises(ValueError, match="29 days"):
        lunar_to_solar(2026, 2, 30)
    with pytest.raises(ValueError, match="leap"):
        lunar_to_solar(2026, 6, 1, leap=True)
    assert lunar_to_solar(2025, 6, 1, leap=True) == date(2025, 7, 25)


def test_next_lunar_birthday_is_the_next_occurrence_in_the_lunar_calendar():
    on = date(2026, 12, 1)
    assert next_lunar_birthday(12, 15, False, on) == date(2027, 1, 22)  # still lunar 2026
    assert next_lunar_birthday(1, 11, False, on) == date(2027, 2, 16)
    assert next_lunar_birthday(2, 30, False, date(2026, 3, 1)) == date(2026, 4, 16)  # last day
