"""Cell values as people type them in Chinese spreadsheets: dates, yes/no flags, tag lists, money.

Each parser takes the cleaned cell text and returns a value or raises ``ValueError`` whose message
is the reason shown to the user in the reject report.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

_DATE_FORMATS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*([闰閏]?)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
DATE_HINT = "write it as 1985-08-15, 1985/8/15, 1985年8月15日 or 19850815"


@lru_cache(maxsize=65536)
def parse_ymd(text: str) -> tuple[int, int, int, bool]:
    """(year, month, day, leap-month flag) as written, without checking the date exists.

    The leap flag is only ever set by ``闰``/``閏`` in the 年月日 form (``1985年闰6月15日``), which
    is how a lunar leap-month birthday is written.
    """
    for pattern in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            groups = match.groups()
            if len(groups) == 4:
                return int(groups[0]), int(groups[2]), int(groups[3]), bool(groups[1])
            return int(groups[0]), int(groups[1]), int(groups[2]), False
    # a date cell exported as a timestamp ("1985-08-15 00:00:00")
    if len(text) > 10 and text[10] in " T" and text[11:].strip("0: ") == "":
        return parse_ymd(text[:10])
    raise ValueError(f"'{text}' is not a date; {DATE_HINT}")


def parse_solar_date(text: str) -> date:
    """A calendar date that exists; ``ValueError`` names what is wrong with it."""
    year, month, day, leap = parse_ymd(text)
    if leap:
        raise ValueError(f"'{text}' names a leap month, which only lunar dates have")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' does not exist in the calendar") from None


_YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "对", "對", "农历", "農曆", "x"})
_NO = frozenset({"否", "n", "no", "false", "0", "不是", "公历", "公曆", "阳历", "陽曆"})


def parse_flag(text: str) -> bool:
    """是/否 (and yes/no, true/false, 1/0); an empty cell means no."""
    value = text.strip().lower()
    if not value:
        return False
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"'{text}' is not 是 or 否")


_TAG_SEPARATORS = re.compile(r"[;；,，、|]")


def parse_tags(text: str) -> list[str]:
    """Tags separated by ``;`` (also ``；`` ``,`` ``，`` ``、`` ``|``), blanks and repeats dropped."""
    return list(dict.fromkeys(t.strip() for t in _TAG_SEPARATORS.split(text) if t.strip()))


def parse_amount(text: str) -> Decimal:
    """Money as written (``1,280.50``, ``¥1280.5``, ``1280元``); never a float."""
    value = text.replace(",", "").replace("，", "").strip().lstrip("¥￥").rstrip("元").strip()
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not an amount of money") from None
    if not amount.is_finite():
        raise ValueError(f"'{text}' is not an amount of money")
    return amount.quantize(Decimal("0.01"))


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_timestamp(text: str, timezone: str) -> datetime:
    """A date or date-time in the tenant's time zone (unless the text carries an offset), as UTC."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        day_text, _, clock_text = value.replace("T", " ").partition(" ")
        clock = _CLOCK.fullmatch(clock_text.strip()) if clock_text.strip() else None
        if clock_text.strip() and clock is None:
            raise ValueError(f"'{text}' is not a date and time (e.g. 2026-05-01 10:00)") from None
        hour, minute, second = (int(g or 0) for g in clock.groups()) if clock else (0, 0, 0)
        try:
            parsed = datetime.combine(parse_solar_date(day_text), time(hour, minute, second))
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a date and time: {exc}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.astimezone(UTC)
