"""Lunar-calendar birthdays (lunar-python, MIT).

Stored as lunar month, day and a leap-month flag.  In a year without that leap month the regular
month is used; when day 30 does not exist in that month, its last day is used.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from lunar_python import Lunar, LunarMonth, LunarYear, Solar


def _lunar_in_year(year: int, month: int, day: int, leap: bool) -> date:
    use_leap = leap and LunarYear.fromYear(year).getLeapMonth() == month
    lunar_month = -month if use_leap else month
    last_day = LunarMonth.fromYm(year, lunar_month).getDayCount()
    solar = Lunar.fromYmd(year, lunar_month, min(day, last_day)).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=65536)
def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar date of a lunar date; raises ValueError when that date cannot exist.

    A birth date names one real day, so nothing is adjusted here: day 30 of a 29-day month, or a
    leap month the year does not have, is an error (anniversaries adjust; see the module doc).
    """
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"lunar month {month} day {day} does not exist")
    try:
        if leap and LunarYear.fromYear(year).getLeapMonth() != month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        lunar_month = -month if leap else month
        days = LunarMonth.fromYm(year, lunar_month).getDayCount()
        if day > days:
            raise ValueError(f"lunar month {month} of {year} has only {days} days")
        solar = Lunar.fromYmd(year, lunar_month, day).getSolar()
    except ValueError:
        raise
    except Exception as exc:  # lunar-python raises bare Exceptions outside its tables
        raise ValueError(f"lunar date {year}-{month}-{day} is out of range") from exc
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def lunar_year_of(day: date) -> int:
    return Solar.fromYmd(day.year, day.month, day.day).getLunar().getYear()


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
