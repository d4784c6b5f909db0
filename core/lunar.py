"""Lunar-calendar birthdays (lunar-python, MIT).

Stored as lunar month, day and a leap-month flag.  In a year without that leap month the regular
month is used; when day 30 does not exist in that month, its last day is used.

lunar-python computes a lunar year astronomically (about 15 ms each), which is far too slow to
call per row of an import or per customer of a reminder run.  So each lunar year is computed once
per process into a small table (every month's first day and length) and all conversions are
arithmetic on that table.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from lunar_python import LunarYear

#: Julian day number minus this is ``date.toordinal()`` (lunar-python counts whole Julian days).
_JD_TO_ORDINAL = 1721425


@lru_cache(maxsize=512)
def _months(year: int) -> dict[int, tuple[int, int]]:
    """Lunar year ``year``: month (negative for the leap month) -> (ordinal of day 1, days)."""
    try:
        months = LunarYear.fromYear(year).getMonthsInYear()
    except Exception as exc:  # lunar-python raises bare Exceptions outside its tables
        raise ValueError(f"lunar year {year} is out of range") from exc
    return {m.getMonth(): (int(m.getFirstJulianDay()) - _JD_TO_ORDINAL, m.getDayCount()) for m in months}


def _leap_month(year: int) -> int:
    return next((-m for m in _months(year) if m < 0), 0)


def _lunar_in_year(year: int, month: int, day: int, leap: bool) -> date:
    """The birthday's solar date in lunar year ``year``, adjusted as the module doc says."""
    table = _months(year)
    key = -month if leap and -month in table else month
    first, days = table[key]
    return date.fromordinal(first + min(day, days) - 1)


@lru_cache(maxsize=65536)
def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar date of a lunar date; raises ValueError when that date cannot exist.

    A birth date names one real day, so nothing is adjusted here: day 30 of a 29-day month, or a
    leap month the year does not have, is an error (anniversaries adjust; see the module doc).
    """
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"lunar month {month} day {day} does not exist")
    table = _months(year)
    key = -month if leap else month
    if key not in table:
        raise ValueError(f"lunar year {year} has no leap month {month}")
    first, days = table[key]
    if day > days:
        raise ValueError(f"lunar month {month} of {year} has only {days} days")
    return date.fromordinal(first + day - 1)


def lunar_year_of(day: date) -> int:
    """The lunar year ``day`` falls in (lunar new year falls in January or February)."""
    new_year = _months(day.year)[1][0]
    return day.year if day.toordinal() >= new_year else day.year - 1


def next_lunar_birthday(month: int, day: int, leap: bool, on_or_after: date) -> date:
    """The first solar date on or after ``on_or_after`` that is the lunar birthday month/day."""
    year = lunar_year_of(on_or_after)
    for candidate_year in (year - 1, year, year + 1):
        candidate = _lunar_in_year(candidate_year, month, day, leap)
        if candidate >= on_or_after:
            return candidate
    return _lunar_in_year(year + 2, month, day, leap)


def next_solar_birthday(birthday: date, on_or_after: date) -> date:
    """The next anniversary of a solar birthday; 29 February falls on 28 February in common years."""
    for year in (on_or_after.year, on_or_after.year + 1):
        try:
            candidate = birthday.replace(year=year)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate >= on_or_after:
            return candidate
    raise AssertionError("unreachable")
