"""The shared helpers import relies on: phones, e-mails and lunar dates."""

from __future__ import annotations

from datetime import date

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given
from hypothesis import strategies as st

from core.contact import InvalidContact, _plain_email, normalize_email, normalize_phone
from core.lunar import lunar_to_solar, next_lunar_birthday


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("0086 13528346894", "+8613528346894"),
        ("+86 138 7684 4810", "+8613876844810"),
        ("184-7076-0031", "+8618470760031"),
        ("+886-962-912198", "+886962912198"),
        ("+886 989 852 230", "+886989852230"),
        ("(010) 6552 9988", "+861065529988"),
    ],
)
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


_HANZI = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6)


@given(text=_HANZI)
def test_fast_name_pinyin_equals_pypinyin(text):
    from pypinyin import Style, lazy_pinyin

    from core.text import _pinyin

    assert _pinyin(text) == "".join(lazy_pinyin(text, style=Style.NORMAL)).lower()


@given(text=_HANZI)
def test_fast_simplified_check_equals_opencc(text):
    from core.text import _t2s, to_simplified

    assert to_simplified.__wrapped__(text) == _t2s().convert(text)


def test_names_share_a_key_across_script_spacing_and_word_order():
    from core.text import name_keys

    assert name_keys("張偉") == name_keys("张伟") == name_keys("张 伟") == ("zhangwei",)
    assert "zhangwei" in name_keys("Wei Zhang") and "zhangwei" in name_keys("Zhang Wei")
    assert name_keys("單雄信") == ("danxiongxin",)


@given(
    prefix=st.sampled_from(["", "+86", "+886", "+852", "+853"]),
    digits=st.text(alphabet="0123456789", min_size=7, max_size=12),
)
def test_fast_phone_path_agrees_with_a_full_parse(prefix, digits):
    import phonenumbers

    from core.contact import _parse_phone

    text = prefix + digits
    try:
        number = phonenumbers.parse(text, "CN")
        full = (
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(number)
            else None
        )
    except phonenumbers.NumberParseException:
        full = None
    assert _parse_phone.__wrapped__(text, "CN")[0] == full
